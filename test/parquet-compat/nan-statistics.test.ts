// Row-group pruning and NaN. pyarrow (what pandas writes) leaves NaN out of a float column's
// min/max, as the Parquet format asks, and writes no nan_count: a row group whose statistics say
// max 599700 may still hold NaN rows, and NaN is above every number (Spark's and DuckDB's order,
// and our evaluator's), so `x > 600000` keeps them. Each filter runs pushed into the scan against
// DuckDB over the same rows loaded into a table first: DuckDB's own Parquet scan prunes those
// row groups (1928 rows of 2058 for `x > 600000` on this file, DuckDB 1.5), its evaluator does not.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../engine/document/document-types.ts';
import { Engine } from '../../engine/exec/engine.ts';
import { readFooter } from '../../engine/io/parquet/footer.ts';
import { parquetReadStats } from '../../engine/io/parquet/read.ts';
import { compareResults, duckResult, engineResult } from '../differential/harness.ts';
import { runPythonWriter } from './python-writer.ts';

const PYTHON = process.env['PYTHON'] ?? 'python3';
const ROWS = 4000;
const ROW_GROUP_ROWS = 1000;

/** Filters NaN rows pass (the first four), and ones they do not (pruning still allowed). */
const FILTERS = [
  'x > 600000', 'x >= 599700', 'f > 600000', 'x != 300', 'x > 600000 or id < 0',
  'x < 1000', 'x < -1', 'x between 100 and 1000', 'x in (300, 900000)', 'f <= 0',
];

const dir = mkdtempSync(join(tmpdir(), 'trib-pq-nan-'));
const engine = new Engine({ threads: 2 });
let instance: DuckDBInstance;
let conn: DuckDBConnection;
const files: Record<string, string> = {};

beforeAll(async () => {
  const probe = spawnSync(PYTHON, ['-c', 'import pyarrow.parquet'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error(`pyarrow is not importable by ${PYTHON}: run pip install -r test/spark/requirements.txt`);
  const written = await runPythonWriter(PYTHON, 'nan_writer.py', dir, { rows: ROWS, rowGroupRows: ROW_GROUP_ROWS });
  const w = written.get('nan');
  if (!w?.path) throw new Error(`pyarrow could not write the NaN file: ${w?.error}`);
  files['pyarrow'] = w.path;
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  conn = await instance.connect();
  await conn.run(`CREATE TABLE t AS SELECT * FROM read_parquet('${w.path}')`);
  files['duckdb'] = join(dir, 'duckdb-nan.parquet');
  await conn.run(`COPY t TO '${files['duckdb']}' (FORMAT parquet, ROW_GROUP_SIZE ${ROW_GROUP_ROWS})`);
}, 60_000);

afterAll(async () => {
  conn.closeSync();
  instance.closeSync();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const filterDoc = (path: string, condition: string): PipelineDocument => ({
  version: 1, name: 'nan', edges: [{ from: 'src', to: 'keep' }],
  nodes: [{ id: 'src', kind: 'source.parquet', params: { path } }, { id: 'keep', kind: 'transform.filter', params: { condition } }],
});

it("pyarrow's statistics leave NaN out: row groups with NaN rows claim a max below 600000", async () => {
  const footer = await readFooter(files['pyarrow']!);
  expect(footer.rowGroups.length).toBe(ROWS / ROW_GROUP_ROWS);
  const first = footer.rowGroups[0]!.stats.get('x')!;
  expect(first.max).toBeLessThan(600_000);
  expect(first.mayHoldNaN).toBe(true);
  const nanRows = await duckResult(conn, 'SELECT count(*) AS n FROM t WHERE isnan(x) AND id < 1000');
  expect(nanRows.rows[0]![0]).toBeGreaterThan(100);
});

describe.each(['pyarrow', 'duckdb'])('filters over the %s-written file match DuckDB over its rows', (writer) => {
  it.each(FILTERS)('%s', async (condition) => {
    const want = await duckResult(conn, `SELECT * FROM t WHERE ${condition}`);
    for (const partitions of [1, 3]) {
      const got = await engineResult(engine, filterDoc(files[writer]!, condition), 'keep', partitions, dir);
      expect(compareResults(got, want, false), `${condition} at ${partitions} partitions`).toBeNull();
    }
  });
});

// Every row group holds -0.0 (min <= 0) and only the first -inf: `x < -1` can skip the other three.
it('row groups are still pruned where NaN rows cannot pass', async () => {
  const skipped = parquetReadStats.rowGroupsSkipped;
  await engineResult(engine, filterDoc(files['pyarrow']!, 'x < -1'), 'keep', 1, dir);
  expect(parquetReadStats.rowGroupsSkipped - skipped).toBeGreaterThanOrEqual(3);
  const kept = parquetReadStats.rowGroupsSkipped;
  await engineResult(engine, filterDoc(files['pyarrow']!, 'x > 600000'), 'keep', 1, dir);
  expect(parquetReadStats.rowGroupsSkipped - kept).toBe(0);
});
