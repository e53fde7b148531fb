// The reported case at the real batch size (65536 rows): DuckDB's own row groups (122880 rows,
// two batches each), max(id) and a group by the int64 id, at 1 and 2 partitions. It failed with
// 'row group 1: Cannot convert 0 to a BigInt' once the partial aggregate handed an int64 batch
// array back for reuse.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect, it } from 'vitest';
import type { PipelineDocument } from '../../engine/document/document-types.ts';
import { Engine } from '../../engine/exec/engine.ts';
import { readFooter } from '../../engine/io/parquet/footer.ts';
import { compareResults, duckResult, engineResult } from './harness.ts';

it('max(id) and group by id over 300k DuckDB-written rows match DuckDB', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-int64-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  const engine = new Engine({ threads: 2 });
  try {
    const path = join(dir, 'good.parquet');
    await conn.run(`COPY (SELECT i AS id, i * 1.5 AS v, 'name' || i AS s FROM range(300000) t(i)) TO '${path}' (FORMAT parquet)`);
    expect((await readFooter(path)).rowGroups.length).toBeGreaterThanOrEqual(3);
    const source = { id: 'src', kind: 'source.parquet', params: { path: 'good.parquet' } };
    const maxDoc: PipelineDocument = { version: 1, name: 'max', edges: [{ from: 'src', to: 'm' }], nodes: [source,
      { id: 'm', kind: 'transform.aggregate', params: { groupBy: [], aggregations: [{ fn: 'max', column: 'id', as: 'm' }, { fn: 'sum', column: 'v', as: 'sv' }] } }] };
    // Grouped by id, then summed up: one row to compare, every group counted.
    const byIdDoc: PipelineDocument = { version: 1, name: 'by id', edges: [{ from: 'src', to: 'g' }, { from: 'g', to: 't' }], nodes: [source,
      { id: 'g', kind: 'transform.aggregate', params: { groupBy: ['id'], aggregations: [{ fn: 'count', as: 'n' }, { fn: 'max', column: 's', as: 'ms' }] } },
      { id: 't', kind: 'transform.aggregate', params: { groupBy: [], aggregations: [
        { fn: 'count', as: 'groups' }, { fn: 'sum', column: 'n', as: 'rows' }, { fn: 'min', column: 'id', as: 'lo' }, { fn: 'max', column: 'id', as: 'hi' },
        { fn: 'max', column: 'ms', as: 'ms' }] } }] };
    const wantMax = await duckResult(conn, `SELECT max(id) AS m, sum(v) AS sv FROM '${path}'`);
    const wantById = await duckResult(conn, `SELECT count(*) AS groups, sum(n) AS rows, min(id) AS lo, max(id) AS hi, max(ms) AS ms
      FROM (SELECT id, count(*) AS n, max(s) AS ms FROM '${path}' GROUP BY id)`);
    for (const partitions of [1, 2]) {
      expect(compareResults(await engineResult(engine, maxDoc, 'm', partitions, dir), wantMax, false), `max at ${partitions}`).toBeNull();
      expect(compareResults(await engineResult(engine, byIdDoc, 't', partitions, dir), wantById, false), `by id at ${partitions}`).toBeNull();
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
