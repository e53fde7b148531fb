// Late materialization against DuckDB: the scan decodes its filter (or top-k key) columns first and
// the others only for the rows it keeps, stepping over the rest (dictionary indices, PLAIN values,
// strings, pages decoded whole). Every kept row's every column must be DuckDB's row: a column
// stepped one value too far or too short would show as a mismatch. The files cross row groups,
// pages and batches, with nulls, dictionaries, v1 and v2 pages.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RecordBatch } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffRows, duckdb, query } from '../../../compute/duckdb.test-helper.ts';
import { columnData } from '../../../compute/arrow-types.ts';
import { sortBatches } from '../../../compute/sort.ts';
import { exactRows, scanOf } from '../../scan.test-helper.ts';
import { planSplits } from '../../splits.ts';
import { lateSelection } from '../../../exec/operators/scan.ts';
import { readParquetPart, type ParquetPart } from '../read.ts';
import type { LateSelection } from './row-group.ts';
import type { ScanNode } from '../../../logical/plan.ts';
import type { Expr } from '../../../logical/expr.ts';

const dir = mkdtempSync(join(tmpdir(), 'trib-pq-late-'));
let duck: DuckDBConnection;
beforeAll(async () => { duck = await duckdb(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Row groups of 140,000 rows hold more than one page of each column and cross 65,536-row batches.
const ROWS = 300_000;
const COLUMNS = `
  range::BIGINT AS id,
  range::INT - 5000 AS i32,
  CASE WHEN range % 7 = 0 THEN NULL ELSE range * 1000000007 END AS i64,
  CASE WHEN range % 5 = 0 THEN NULL ELSE (range * 7919 % 100003) / 100.0 END AS dbl,
  (range % 1000)::FLOAT / 8 AS f32,
  CASE WHEN range % 3 = 0 THEN NULL ELSE range % 2 = 0 END AS b,
  CASE range % 6 WHEN 0 THEN NULL WHEN 1 THEN '' WHEN 2 THEN 'Zürich' ELSE 'k' || (range % 40) END AS cat,
  CASE WHEN range % 11 = 0 THEN NULL ELSE 's' || range || repeat('é', (range % 7)::INT) END AS uniq,
  NULL::VARCHAR AS null_s,
  CASE WHEN range % 13 = 0 THEN NULL ELSE DATE '1999-12-25' + (range % 3000)::INT END AS dt,
  TIMESTAMP '2020-01-01' + INTERVAL (range * 37) SECOND AS ts,
  CASE WHEN range % 4 = 0 THEN NULL ELSE (range % 9)::BIGINT END AS low64,
  ((range % 17) * 0.25)::DOUBLE AS lowdbl`;
const SELECT = 'id, i32, i64, dbl, f32, b, cat, uniq, null_s, dt, ts, low64, lowdbl';

async function write(name: string, options: string, columns = COLUMNS): Promise<string> {
  const path = join(dir, name);
  await duck.run(`COPY (SELECT ${columns} FROM range(${ROWS})) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 140000, ${options})`);
  return path;
}

async function readLate(scan: ScanNode, late: () => LateSelection | undefined): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  // One selection for every split, as one scan task holds one for its splits.
  const selection = late();
  for (const split of await planSplits(scan, 2)) {
    for await (const b of readParquetPart(structuredClone(split.part) as ParquetPart, scan.schema.fields, scan.filters, selection)) out.push(b);
  }
  return out;
}

/** A selection on `id` (the first column), decided row by row by `keep`. */
function byId(keep: (id: number) => boolean): LateSelection {
  return {
    first: ['id'],
    select(partial) {
      const v = columnData(partial, 'id').values as BigInt64Array;
      const rows: number[] = [];
      for (let i = 0; i < partial.numRows; i++) if (keep(Number(v[i]!))) rows.push(i);
      return rows.length === partial.numRows ? null : Int32Array.from(rows);
    },
  };
}

async function expectRows(batches: RecordBatch[], where: string, select = SELECT, path: string): Promise<void> {
  const theirs = await query(duck, `SELECT ${select} FROM read_parquet('${path}') WHERE ${where} ORDER BY id`);
  const ours = exactRows(batches).sort((a, b) => Number(a[0]) - Number(b[0]));
  expect(theirs.length).toBeGreaterThan(0);
  expect(diffRows(ours, theirs, true)).toBeNull();
}

const col = (name: string, type: 'float64' | 'int64' | 'int32'): Expr => ({ kind: 'column', name, type } as Expr);
const lit = (value: number, type: 'float64' | 'int32'): Expr => ({ kind: 'literal', value, type } as Expr);

describe('Parquet late materialization', () => {
  for (const version of ['v1', 'v2']) {
    it(`keeps the other columns aligned with the selected rows (${version} pages): sparse, runs, empty and dense batches`, async () => {
      const path = await write(`late-${version}.parquet`, `COMPRESSION snappy, PARQUET_VERSION ${version}`);
      const scan = await scanOf('parquet', { path });
      // Sparse: single rows and short runs, stepping over the rest (the run-by-run path).
      await expectRows(await readLate(scan, () => byId((id) => id % 211 === 7 || id % 5000 < 3)), 'id % 211 = 7 OR id % 5000 < 3', SELECT, path);
      // A few rows of one batch: every other batch of both row groups is stepped over whole.
      await expectRows(await readLate(scan, () => byId((id) => id >= 205_530 && id < 205_545)), 'id >= 205530 AND id < 205545', SELECT, path);
      // Dense (half the rows): decoded whole and gathered.
      await expectRows(await readLate(scan, () => byId((id) => id % 2 === 1)), 'id % 2 = 1', SELECT, path);
    });
  }

  it('a pushed filter on a nullable column selects the same rows as DuckDB, the other columns decoded for them only', async () => {
    const path = await write('late-filter.parquet', 'COMPRESSION snappy');
    const gt = (l: Expr, r: Expr): Expr => ({ kind: 'binary', op: '>', left: l, right: r, type: 'bool' } as Expr);
    const filters = [gt(col('dbl', 'float64'), lit(990, 'float64'))];
    const scan = await scanOf('parquet', { path }, SELECT.split(', '), filters);
    let read = 0;
    const batches = await readLate(scan, () => lateSelection(scan, (n) => { read += n; }));
    expect(read).toBe(ROWS);
    await expectRows(batches, 'dbl > 990', SELECT, path);
  });

  it('columns it cannot step over (a FIXED_LEN_BYTE_ARRAY decimal) are decoded whole, and still align', async () => {
    const path = await write('late-decimal.parquet', 'COMPRESSION snappy', `${COLUMNS}, (range / 7)::DECIMAL(30, 3) AS dec`);
    const scan = await scanOf('parquet', { path }, ['id', 'dec', 'cat', 'dbl']);
    await expectRows(await readLate(scan, () => byId((id) => id % 97 === 3)), 'id % 97 = 3', 'id, dec::DOUBLE, cat, dbl', path);
  });

  for (const [descending, nullsFirst] of [[true, false], [false, true], [false, false]] as const) {
    it(`a scan feeding a top-k keeps every row of DuckDB's top 100 (dbl ${descending ? 'DESC' : 'ASC'} NULLS ${nullsFirst ? 'FIRST' : 'LAST'}, id)`, async () => {
      const path = await write(`late-topk-${descending}-${nullsFirst}.parquet`, 'COMPRESSION snappy');
      const key = { column: 'dbl', descending, nullsFirst };
      const base = await scanOf('parquet', { path }, SELECT.split(', '));
      const scan: ScanNode = { ...base, topK: { key, limit: 100 } };
      const batches = await readLate(scan, () => lateSelection(scan, () => {}));
      const kept = batches.reduce((n, b) => n + b.numRows, 0);
      // Rows strictly worse than 100 kept ones were left out: about the first batch is kept (and,
      // nulls first, every one of the 60k nulls).
      expect(kept).toBeLessThan(nullsFirst ? 130_000 : 80_000);
      const top = sortBatches(batches, [key, { column: 'id', descending: false, nullsFirst: false }], 100);
      const order = `dbl ${descending ? 'DESC' : 'ASC'} NULLS ${nullsFirst ? 'FIRST' : 'LAST'}, id`;
      const theirs = await query(duck, `SELECT ${SELECT} FROM read_parquet('${path}') ORDER BY ${order} LIMIT 100`);
      expect(diffRows(exactRows([top]), theirs, true)).toBeNull();
    });
  }
});
