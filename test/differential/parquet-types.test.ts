// Every column type read from Parquet (floats with NaN and -0.0 rows), in every position (group
// key, aggregate input, join key, sort key, distinct), against DuckDB over the same file, at 1
// and 3 partitions. The file has 5 row groups of 2048 rows read in batches of 800
// (small-parquet-batches.ts): several row groups, several batches per row group, full and
// partial, with the decoder's batch arrays recycled by the partial aggregate. An int64 column
// once failed here ('Cannot convert 0 to a BigInt') as soon as an array came back for reuse,
// which inputs of one batch never showed.

import './small-parquet-batches.ts'; // first: sets the batch size before the engine loads
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DocumentEdge, DocumentNode, PipelineDocument } from '../../engine/document/document-types.ts';
import { Engine } from '../../engine/exec/engine.ts';
import { readFooter } from '../../engine/io/parquet/footer.ts';
import { parquetReadStats } from '../../engine/io/parquet/read.ts';
import { batchMemoryStats } from '../../engine/io/parquet/decode/batch-memory.ts';
import { compareResults } from './harness.ts';
import { PARQUET_TEST_BATCH_ROWS } from './small-parquet-batches.ts';
import {
  aggregateSql, aggregationsOf, COLUMNS, duckRows, engineRows, FULL_ROW_GROUPS, KEY_AGGREGATIONS, openTypedFiles, ROW_GROUP_ROWS, type TypedFiles,
} from './parquet-types-data.ts';

const PARTITIONS = [1, 3];

describe('every Parquet column type in every position vs DuckDB (5 row groups, 3 batches each)', () => {
  let files: TypedFiles;
  const engine = new Engine({ threads: 2 });
  beforeAll(async () => { files = await openTypedFiles(); });
  afterAll(async () => {
    files.close();
    await engine.close();
  });

  const doc = (nodes: DocumentNode[], edges: DocumentEdge[], extraSources: string[] = []): PipelineDocument => ({
    version: 1,
    name: 'parquet types',
    nodes: [
      { id: 'facts', kind: 'source.parquet', params: { path: 'facts.parquet' } },
      ...extraSources.map((s) => ({ id: s, kind: 'source.parquet', params: { path: `${s}.parquet` } })),
      ...nodes,
    ],
    edges,
  });
  const chain = (steps: { kind: string; params: Record<string, unknown> }[]) => {
    const nodes = steps.map((s, i) => ({ id: `n${i}`, kind: s.kind, params: s.params }));
    return { document: doc(nodes, nodes.map((n, i) => ({ from: i === 0 ? 'facts' : `n${i - 1}`, to: n.id }))), output: `n${steps.length - 1}` };
  };
  const check = async (label: string, d: PipelineDocument, output: string, sql: string, ordered: boolean): Promise<void> => {
    const want = await duckRows(files.conn, sql);
    expect(want.rows.length, `${label}: DuckDB returned rows`).toBeGreaterThan(0);
    for (const partitions of PARTITIONS) {
      const out = await engine.preview(d, output, { baseDir: files.dir, partitions, limit: Number.MAX_SAFE_INTEGER, mode: partitions > 1 ? 'pool' : 'inline' });
      expect(compareResults(engineRows(out), want, ordered), `${label} at ${partitions} partitions`).toBeNull();
    }
  };

  it('the file crosses row groups and batches, and our decoder reads all of it', async () => {
    const footer = await readFooter(join(files.dir, 'facts.parquet'));
    expect(footer.rowGroups.length).toBe(FULL_ROW_GROUPS + 1);
    expect(footer.rowGroups.filter((rg) => rg.numRows === ROW_GROUP_ROWS && rg.numRows > 2 * PARQUET_TEST_BATCH_ROWS).length).toBe(FULL_ROW_GROUPS);
    expect([...footer.dictionaryStrings]).toEqual(['ds']); // `s` is plain, `ds` dictionary-encoded
    // Batches of 800 rows, in this thread and in the workers (which inherit the variable).
    for (const partitions of PARTITIONS) {
      const mode = partitions > 1 ? 'pool' : 'inline';
      const scanned = await engine.preview(doc([], []), 'facts', { baseDir: files.dir, partitions, limit: Number.MAX_SAFE_INTEGER, mode });
      expect(Math.max(...scanned.batches.map((b) => b.numRows)), mode).toBe(PARQUET_TEST_BATCH_ROWS);
      expect(scanned.batches.length, mode).toBeGreaterThanOrEqual(3 * FULL_ROW_GROUPS);
    }
  });

  it('a global aggregate of every column (aggregate input), batch arrays recycled', async () => {
    const reused = batchMemoryStats.reused;
    const fallback = parquetReadStats.rowGroupsFallback;
    const c = chain([{ kind: 'transform.aggregate', params: { groupBy: [], aggregations: aggregationsOf(COLUMNS) } }]);
    await check('global aggregate', c.document, c.output, aggregateSql([], aggregationsOf(COLUMNS), ''), false);
    // The inline run (1 partition) decodes on this thread: its counters show arrays came back.
    expect(batchMemoryStats.reused - reused).toBeGreaterThan(10);
    expect(parquetReadStats.rowGroupsFallback).toBe(fallback);
  });

  it('a filtered aggregate (pushed into the scan: selections, arrays recycled)', async () => {
    const c = chain([
      { kind: 'transform.filter', params: { condition: "i32 > 0 or ds = 'é'" } },
      { kind: 'transform.aggregate', params: { groupBy: ['ds'], aggregations: aggregationsOf(COLUMNS) } },
    ]);
    await check('filtered aggregate', c.document, c.output, aggregateSql(['ds'], aggregationsOf(COLUMNS), "WHERE i32 > 0 OR ds = 'é'"), false);
  });

  it('Parquet that Tributary wrote, aggregated whole (several batches of its row group)', async () => {
    const write = doc([{ id: 'save', kind: 'sink.parquet', params: { path: 'ours.parquet' } }], [{ from: 'facts', to: 'save' }]);
    await engine.run(write, { baseDir: files.dir, partitions: 1, mode: 'inline' });
    const footer = await readFooter(join(files.dir, 'ours.parquet'));
    expect(footer.numRows).toBeGreaterThan(4 * PARQUET_TEST_BATCH_ROWS);
    const read: PipelineDocument = {
      version: 1, name: 'ours',
      nodes: [{ id: 'ours', kind: 'source.parquet', params: { path: 'ours.parquet' } },
        { id: 'agg', kind: 'transform.aggregate', params: { groupBy: [], aggregations: aggregationsOf(COLUMNS) } }],
      edges: [{ from: 'ours', to: 'agg' }],
    };
    await check('aggregate of our own file', read, 'agg', aggregateSql([], aggregationsOf(COLUMNS), ''), false);
  });

  describe.each(COLUMNS.map((col) => [col.name, col] as const))('column %s', (name, col) => {
    it('as the group key', async () => {
      const c = chain([{ kind: 'transform.aggregate', params: { groupBy: [name], aggregations: KEY_AGGREGATIONS } }]);
      await check(`group by ${name}`, c.document, c.output, aggregateSql([name], KEY_AGGREGATIONS, ''), false);
    });

    it('as the join key (left join on Parquet both sides, keys missing and duplicated)', async () => {
      for (const strategy of ['shuffle', 'broadcast']) {
        const nodes: DocumentNode[] = [
          { id: 'j', kind: 'join', params: { type: 'left', strategy, on: [{ left: name, right: 'k' }] } },
          { id: 'out', kind: 'transform.select', params: { columns: ['id', name, 'label'] } },
        ];
        const edges: DocumentEdge[] = [{ from: 'facts', to: 'j.left' }, { from: `dims_${name}`, to: 'j.right' }, { from: 'j', to: 'out' }];
        await check(`join on ${name}, ${strategy}`, doc(nodes, edges, [`dims_${name}`]), 'out',
          `SELECT f.id, f.${name}, d.label FROM facts f LEFT JOIN dims_${name} d ON f.${name} = d.k`, false);
      }
    });

    it('as the sort key (whole sort, and top-k the other way)', async () => {
      const desc = col.index % 2 === 1;
      const order = (d: boolean) => `${name} ${d ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}, id ASC`;
      const whole = chain([{ kind: 'transform.sort', params: { keys: [{ column: name, descending: desc }, { column: 'id' }] } }]);
      await check(`sort by ${name}`, whole.document, whole.output, `SELECT * FROM facts ORDER BY ${order(desc)}`, true);
      const top = chain([
        { kind: 'transform.sort', params: { keys: [{ column: name, descending: !desc }, { column: 'id' }] } },
        { kind: 'transform.limit', params: { count: 50 } },
      ]);
      await check(`top 50 by ${name}`, top.document, top.output, `SELECT * FROM facts ORDER BY ${order(!desc)} LIMIT 50`, true);
    });

    it('as the distinct column (its values, and the first row of each)', async () => {
      const values = chain([{ kind: 'transform.select', params: { columns: [name] } }, { kind: 'transform.distinct', params: {} }]);
      await check(`distinct ${name}`, values.document, values.output, `SELECT DISTINCT ${name} FROM facts`, false);
      const firstRows = chain([{ kind: 'transform.distinct', params: { columns: [name] } }]);
      await check(`distinct rows by ${name}`, firstRows.document, firstRows.output,
        `SELECT * FROM facts QUALIFY row_number() OVER (PARTITION BY ${name} ORDER BY id) = 1`, false);
    });
  });
});
