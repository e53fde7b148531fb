// A preview with count 'later' stops once it has its first rows: the rows are DuckDB's LIMIT over
// the file in file order, the scan reads no further, and the count (from the footers or from
// previewCount) is DuckDB's count. Row groups of 2,000 rows and batches of the reader's size
// make the first rows and the stop cross row groups and partitions.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../document/document-types.ts';
import { batchRows, compareResults, duckResult } from '../../test/differential/harness.ts';
import { Engine } from './engine.ts';
import type { RunEvent } from './events.ts';

const ROWS = 60_000;
let dir: string;
let file: string;
let duck: { instance: DuckDBInstance; conn: DuckDBConnection };
const engine = new Engine({ threads: 2 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tributary-preview-first-'));
  file = join(dir, 'events.parquet');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  await conn.run(`COPY (SELECT i::BIGINT AS id, (i * 7919) % 1000 AS amount, ['a', 'b', 'c'][1 + i % 3] AS cat
    FROM range(${ROWS}) t(i)) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 2000)`);
  await conn.run(`COPY (SELECT * FROM (VALUES ('a', 'Alpha'), ('c', 'Gamma')) t(cat, label)) TO '${join(dir, 'labels.parquet')}' (FORMAT parquet)`);
  duck = { instance, conn };
});
afterAll(async () => {
  await engine.close();
  duck.conn.closeSync();
  duck.instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

const doc: () => PipelineDocument = () => ({
  version: 1, name: 'preview-first-rows',
  nodes: [
    { id: 'events', kind: 'source.parquet', params: { path: file } },
    { id: 'picked', kind: 'transform.filter', params: { condition: 'amount > 990' } },
    { id: 'gross', kind: 'transform.derive', params: { columns: [{ name: 'double_amount', expr: 'amount * 2' }] } },
    { id: 'by_cat', kind: 'transform.aggregate', params: { groupBy: ['cat'], aggregations: [{ fn: 'count', as: 'n' }] } },
  ],
  edges: [{ from: 'events', to: 'picked' }, { from: 'picked', to: 'gross' }, { from: 'gross', to: 'by_cat' }],
});

const SQL = {
  events: `SELECT * FROM 'FILE'`,
  gross: `SELECT *, amount * 2 AS double_amount FROM 'FILE' WHERE amount > 990`,
};

async function preview(nodeId: string, limit: number, mode: 'inline' | 'pool') {
  const events: RunEvent[] = [];
  const out = await engine.preview(doc(), nodeId, { baseDir: dir, limit, count: 'later', partitions: 3, mode, onEvent: (e) => events.push(e) });
  const finished = events.find((e) => e.type === 'run.finished');
  const scanned = finished?.type === 'run.finished' ? finished.nodes.find((n) => n.nodeId === 'events')?.rows : undefined;
  return { out, scanned };
}

describe('a preview that stops at its first rows', () => {
  for (const mode of ['inline', 'pool'] as const) {
    it(`source: DuckDB's LIMIT in file order, read no further, the total from the footers (${mode})`, async () => {
      const { out, scanned } = await preview('events', 5, mode);
      const columns = out.schema.fields.map((f) => f.name);
      const want = await duckResult(duck.conn, `${SQL.events.replace('FILE', file)} LIMIT 5`);
      expect(compareResults({ columns, rows: batchRows(out.batches, columns) }, want, true)).toBeNull();
      expect(scanned).toBeLessThan(ROWS);
      expect(out.totalRowsExact).toBe(true);
      expect(out.totalRows).toBe(ROWS);
    });

    it(`filter + derive: DuckDB's LIMIT across row groups, then previewCount is DuckDB's count (${mode})`, async () => {
      // About 1% of the rows pass: 50 first rows span several row groups of the first partition.
      const { out, scanned } = await preview('gross', 50, mode);
      const columns = out.schema.fields.map((f) => f.name);
      const want = await duckResult(duck.conn, `${SQL.gross.replace('FILE', file)} LIMIT 50`);
      expect(compareResults({ columns, rows: batchRows(out.batches, columns) }, want, true)).toBeNull();
      expect(scanned).toBeLessThan(ROWS);
      expect(out.totalRowsExact).toBe(false);
      const count = await engine.previewCount(doc(), 'gross', { baseDir: dir, partitions: 3, mode });
      const [[n]] = (await duckResult(duck.conn, `SELECT count(*) FROM (${SQL.gross.replace('FILE', file)})`)).rows as [[number]];
      expect(count.totalRows).toBe(n);
    });
  }

  it('without a partition count: the first rows across row groups, read no further than needed', async () => {
    const events: RunEvent[] = [];
    const out = await engine.preview(doc(), 'gross', { baseDir: dir, limit: 40, count: 'later', onEvent: (e) => events.push(e) });
    const columns = out.schema.fields.map((f) => f.name);
    const want = await duckResult(duck.conn, `${SQL.gross.replace('FILE', file)} LIMIT 40`);
    expect(compareResults({ columns, rows: batchRows(out.batches, columns) }, want, true)).toBeNull();
    const finished = events.find((e) => e.type === 'run.finished');
    const scanned = finished?.type === 'run.finished' ? finished.nodes.find((n) => n.nodeId === 'events')?.rows : undefined;
    // 40 rows at about 1% need about 4,000 rows: a few row groups of 2,000, not the file.
    expect(scanned).toBeLessThan(ROWS / 2);
  });

  it('a broadcast join\'s probe side: DuckDB\'s first matches in file order, the events read no further', async () => {
    const joined: PipelineDocument = {
      version: 1, name: 'preview-first-rows-join',
      nodes: [
        { id: 'events', kind: 'source.parquet', params: { path: file } },
        { id: 'labels', kind: 'source.parquet', params: { path: join(dir, 'labels.parquet') } },
        { id: 'labelled', kind: 'join', params: { type: 'inner', strategy: 'broadcast', on: [{ left: 'cat', right: 'cat' }] } },
      ],
      edges: [{ from: 'events', to: 'labelled.left' }, { from: 'labels', to: 'labelled.right' }],
    };
    const events: RunEvent[] = [];
    // No partition count: the engine's own choice (one partition for a stage that stops).
    const out = await engine.preview(joined, 'labelled', { baseDir: dir, limit: 30, count: 'later', onEvent: (e) => events.push(e) });
    const columns = ['id', 'label'];
    const want = await duckResult(duck.conn, `SELECT e.id, l.label FROM '${file}' e JOIN '${join(dir, 'labels.parquet')}' l ON e.cat = l.cat ORDER BY e.id LIMIT 30`);
    expect(compareResults({ columns, rows: batchRows(out.batches, columns) }, want, true)).toBeNull();
    const finished = events.find((e) => e.type === 'run.finished');
    const scanned = finished?.type === 'run.finished' ? finished.nodes.find((n) => n.nodeId === 'events')?.rows : undefined;
    expect(scanned).toBeLessThan(ROWS / 2);
  });

  it('a sort previews its top rows (DuckDB\'s ORDER BY ... LIMIT) and leaves its count to previewCount', async () => {
    const sorted: PipelineDocument = {
      version: 1, name: 'preview-first-rows-sort',
      nodes: [
        { id: 'events', kind: 'source.parquet', params: { path: file } },
        { id: 'top', kind: 'transform.sort', params: { keys: [{ column: 'amount', descending: true }, { column: 'id' }] } },
      ],
      edges: [{ from: 'events', to: 'top' }],
    };
    const out = await engine.preview(sorted, 'top', { baseDir: dir, limit: 40, count: 'later', partitions: 3 });
    const columns = out.schema.fields.map((f) => f.name);
    const want = await duckResult(duck.conn, `SELECT * FROM '${file}' ORDER BY amount DESC, id LIMIT 40`);
    expect(compareResults({ columns, rows: batchRows(out.batches, columns) }, want, true)).toBeNull();
    expect(out.totalRowsExact).toBe(false);
    expect((await engine.previewCount(sorted, 'top', { baseDir: dir, partitions: 3 })).totalRows).toBe(ROWS);
  });

  it('an aggregate is computed exactly: its rows are DuckDB\'s and its count is exact at once', async () => {
    const { out } = await preview('by_cat', 2, 'pool');
    expect(out.totalRowsExact).toBe(true);
    expect(out.totalRows).toBe(3);
    const full = await engine.preview(doc(), 'by_cat', { baseDir: dir, limit: 10, count: 'later', partitions: 3 });
    const columns = full.schema.fields.map((f) => f.name);
    const want = await duckResult(duck.conn, `SELECT cat, count(*) AS n FROM (${SQL.gross.replace('FILE', file)}) GROUP BY cat`);
    expect(compareResults({ columns, rows: batchRows(full.batches, columns) }, want, false)).toBeNull();
  });
});
