// The preview's fast path: an aggregate, a sort and a node downstream of an aggregate over a
// large source answer first from the source's first row groups up to a cap; that answer is
// DuckDB's over the same first rows (file_row_number below the rows read), labelled with what
// was read. Without the cap the answer is DuckDB's over the whole file, and a source within the
// cap is exact and unlabelled. Row groups of about 2,000 rows; three partitions, inline and pooled.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../document/document-types.ts';
import { batchRows, compareResults, duckResult } from '../../test/differential/harness.ts';
import { Engine } from './engine.ts';

const ROWS = 60_000;
const CAP = 7_000;
let dir: string;
let file: string;
let duck: { instance: DuckDBInstance; conn: DuckDBConnection };
/** The rows of the leading row groups within CAP (at least one group), from DuckDB's metadata. */
let prefixWant: number;
const engine = new Engine({ threads: 2 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tributary-preview-prefix-'));
  file = join(dir, 'events.parquet');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  // The categories drift along the file, so a prefix's answer differs from the whole file's.
  await conn.run(`COPY (SELECT i::BIGINT AS id, (i * 7919) % 1000 AS amount, ['a', 'b', 'c', 'd'][1 + (i // 5000 + i) % 4] AS cat
    FROM range(${ROWS}) t(i)) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 2000)`);
  duck = { instance, conn };
  const groups = (await duckResult(conn, `SELECT row_group_num_rows FROM parquet_metadata('${file}')
    WHERE path_in_schema = 'id' ORDER BY row_group_id`)).rows.map((r) => Number(r[0]));
  expect(groups.length).toBeGreaterThan(10);
  prefixWant = 0;
  for (const n of groups) {
    if (prefixWant > 0 && prefixWant + n > CAP) break;
    prefixWant += n;
  }
});
afterAll(async () => {
  await engine.close();
  duck.conn.closeSync();
  duck.instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

const doc = (): PipelineDocument => ({
  version: 1, name: 'preview-prefix',
  nodes: [
    { id: 'events', kind: 'source.parquet', params: { path: file } },
    { id: 'picked', kind: 'transform.filter', params: { condition: 'amount > 100' } },
    { id: 'by_cat', kind: 'transform.aggregate', params: { groupBy: ['cat'], aggregations: [{ fn: 'count', as: 'n' }, { fn: 'sum', column: 'amount', as: 'total' }] } },
    { id: 'big', kind: 'transform.filter', params: { condition: 'n > 10' } },
    { id: 'top', kind: 'transform.sort', params: { keys: [{ column: 'amount', descending: true }, { column: 'id', descending: true }] } },
  ],
  edges: [{ from: 'events', to: 'picked' }, { from: 'picked', to: 'by_cat' }, { from: 'by_cat', to: 'big' }, { from: 'events', to: 'top' }],
});

/** Each node's SQL over `rows` (a relation of the file's rows); `ordered`: compare in order. */
const SQL: Record<string, { sql: (rows: string) => string; ordered: boolean }> = {
  by_cat: { sql: (r) => `SELECT cat, count(*) AS n, sum(amount) AS total FROM ${r} WHERE amount > 100 GROUP BY cat`, ordered: false },
  big: { sql: (r) => `SELECT * FROM (SELECT cat, count(*) AS n, sum(amount) AS total FROM ${r} WHERE amount > 100 GROUP BY cat) WHERE n > 10`, ordered: false },
  top: { sql: (r) => `SELECT id, amount, cat FROM ${r} ORDER BY amount DESC, id DESC LIMIT 25`, ordered: true },
};
const whole = () => `read_parquet('${file}')`;
const firstRows = (n: number) => `(SELECT id, amount, cat FROM read_parquet('${file}', file_row_number = true) WHERE file_row_number < ${n})`;

async function expectDuck(out: Awaited<ReturnType<Engine['preview']>>, nodeId: string, rows: string): Promise<void> {
  const columns = out.schema.fields.map((f) => f.name);
  const want = await duckResult(duck.conn, SQL[nodeId]!.sql(rows));
  expect(compareResults({ columns, rows: batchRows(out.batches, columns) }, want, SQL[nodeId]!.ordered)).toBeNull();
}

describe('the fast path of an aggregate or sort preview', () => {
  for (const mode of ['inline', 'pool'] as const) {
    for (const nodeId of ['by_cat', 'big', 'top']) {
      it(`${nodeId}: DuckDB's answer over the first row groups, labelled; exact without the cap (${mode})`, async () => {
        const opts = { baseDir: dir, limit: 25, count: 'later', partitions: 3, mode } as const;
        const fast = await engine.preview(doc(), nodeId, { ...opts, prefixRows: CAP });
        expect(fast.prefix).toHaveLength(1);
        const [cut] = fast.prefix!;
        // Whole row groups within the cap (DuckDB writes groups of 2,048 rows: three of them).
        expect(cut).toEqual({ nodeId: 'events', rows: prefixWant, ofRows: ROWS });
        expect(prefixWant).toBeGreaterThan(CAP / 2);
        await expectDuck(fast, nodeId, firstRows(cut!.rows));
        const exact = await engine.preview(doc(), nodeId, opts);
        expect(exact.prefix).toBeUndefined();
        await expectDuck(exact, nodeId, whole());
        // The two answers differ: the fast one did not read the whole file.
        const columns = fast.schema.fields.map((f) => f.name);
        const rowsOf = (o: typeof fast) => ({ columns, rows: batchRows(o.batches, columns) });
        expect(compareResults(rowsOf(fast), rowsOf(exact), SQL[nodeId]!.ordered)).not.toBeNull();
      });
    }
  }

  it('a source within the cap is read whole: the answer is exact and carries no label', async () => {
    const out = await engine.preview(doc(), 'by_cat', { baseDir: dir, limit: 25, count: 'later', partitions: 3, prefixRows: ROWS });
    expect(out.prefix).toBeUndefined();
    await expectDuck(out, 'by_cat', whole());
  });

  it('a streaming node stops at its first rows and is never cut (its rows are exact)', async () => {
    const out = await engine.preview(doc(), 'picked', { baseDir: dir, limit: 10, count: 'later', partitions: 3, prefixRows: 1 });
    expect(out.prefix).toBeUndefined();
    const columns = out.schema.fields.map((f) => f.name);
    const want = await duckResult(duck.conn, `SELECT * FROM ${whole()} WHERE amount > 100 LIMIT 10`);
    expect(compareResults({ columns, rows: batchRows(out.batches, columns) }, want, true)).toBeNull();
  });

  it('a sample source is cut at exactly the cap: the same answer as a sample of that many rows', async () => {
    const sampled = (rows: number): PipelineDocument => ({
      version: 1, name: 'preview-prefix-sample',
      nodes: [
        { id: 'events', kind: 'source.sample', params: { dataset: 'events', rows } },
        { id: 'by_cat', kind: 'transform.aggregate', params: { groupBy: ['category'], aggregations: [{ fn: 'count', as: 'n' }, { fn: 'sum', column: 'amount', as: 'total' }] } },
      ],
      edges: [{ from: 'events', to: 'by_cat' }],
    });
    const opts = { baseDir: dir, limit: 50, count: 'later', partitions: 3 } as const;
    const fast = await engine.preview(sampled(50_000), 'by_cat', { ...opts, prefixRows: 12_345 });
    expect(fast.prefix).toEqual([{ nodeId: 'events', rows: 12_345, ofRows: 50_000 }]);
    const small = await engine.preview(sampled(12_345), 'by_cat', opts);
    const columns = fast.schema.fields.map((f) => f.name);
    const rowsOf = (o: typeof fast) => ({ columns, rows: batchRows(o.batches, columns) });
    expect(compareResults(rowsOf(fast), rowsOf(small), false)).toBeNull();
  });
});
