// The data of parquet-types.test: one DuckDB-written Parquet file with a column of every type
// (nulls in each, negatives, NaN and -0.0 among the floats, int64 values past 2^32, dates and
// timestamps before 1970, a plain and a dictionary-encoded string), a small `dims_<column>` file per column for joins (keys
// missing, duplicated and null), and the aggregations / SQL the cases share. Results of both
// sides are read into the same plain values: timestamps as microseconds, dates as epoch ms.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBDateValue, DuckDBDecimalValue, DuckDBInstance, DuckDBTimestampValue } from '@duckdb/node-api';
import type { RecordBatch } from 'apache-arrow';
import type { DataType } from '../../engine/types.ts';
import type { Result } from './harness.ts';

export interface TypedColumn { readonly name: string; readonly type: DataType; readonly index: number; readonly sql: string }

const column = (name: string, type: DataType, sql: string, index: number): TypedColumn => ({ name, type, sql, index });

/** Row i of the file; every column has nulls at its own stride. */
export const COLUMNS: readonly TypedColumn[] = [
  ['i32', 'int32', 'CASE WHEN i % 17 = 0 THEN NULL ELSE ((i * 37) % 101)::INTEGER - 50 END'],
  ['i64', 'int64', 'CASE WHEN i % 19 = 0 THEN NULL ELSE ((i * 53) % 307 - 150) * 4294967311 END'],
  ['f64', 'float64', "CASE WHEN i % 23 = 0 THEN NULL WHEN i % 37 = 0 THEN 'NaN'::DOUBLE WHEN i % 41 = 0 THEN -0.0::DOUBLE ELSE ((i * 29) % 211) / 8.0 - 10 END"],
  ['s', 'string', "CASE WHEN i % 13 = 0 THEN NULL ELSE 'name' || ((i * 7) % 9973) END"],
  ['ds', 'string', "CASE WHEN i % 11 = 0 THEN NULL ELSE ['a', 'b', 'é', '日本', '', 'Zürich', 'comma,here'][1 + (i * 3) % 7] END"],
  ['b', 'bool', 'CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 5) % 3 = 0 END'],
  ['d', 'date', "CASE WHEN i % 29 = 0 THEN NULL ELSE DATE '1960-01-01' + ((i * 11) % 20000)::INTEGER END"],
  ['ts', 'timestamp', 'CASE WHEN i % 31 = 0 THEN NULL ELSE make_timestamp(((i * 7919) % 100003 - 50000) * 31000000007) END'],
].map(([n, t, s], i) => column(n!, t as DataType, s!, i));

/** Rows per row group: DuckDB cuts them at multiples of 2048 rows. */
export const ROW_GROUP_ROWS = 2048;
/** Four full row groups and a short last one. */
export const FULL_ROW_GROUPS = 4;
const ROWS = FULL_ROW_GROUPS * ROW_GROUP_ROWS + 500;

const NUMERIC: ReadonlySet<DataType> = new Set(['int32', 'int64', 'float64']);

export interface TypedFiles { readonly dir: string; readonly conn: DuckDBConnection; close(): void }

/** Writes facts.parquet and dims_<column>.parquet to a new temp folder; `conn` has them as tables. */
export async function openTypedFiles(): Promise<TypedFiles> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-parquet-types-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  await conn.run(`CREATE TABLE facts AS SELECT i::BIGINT AS id, ${COLUMNS.map((c) => `${c.sql} AS ${c.name}`).join(', ')} FROM range(${ROWS}) t(i)`);
  await conn.run(`COPY facts TO '${join(dir, 'facts.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE ${ROW_GROUP_ROWS})`);
  for (const c of COLUMNS) {
    // Three keys in four, every fifth twice, and a null key that matches nothing.
    await conn.run(`CREATE TABLE dims_${c.name} AS
      WITH keys AS (SELECT DISTINCT ${c.name} AS k FROM facts WHERE ${c.name} IS NOT NULL AND hash(${c.name}) % 4 != 0)
      SELECT k, 'dim ' || k::VARCHAR AS label FROM keys
      UNION ALL SELECT k, 'again ' || k::VARCHAR FROM keys WHERE hash(k) % 5 = 0
      UNION ALL SELECT NULL, 'null key'`);
    await conn.run(`COPY dims_${c.name} TO '${join(dir, `dims_${c.name}.parquet`)}' (FORMAT parquet)`);
  }
  return { dir, conn, close: () => { conn.closeSync(); instance.closeSync(); rmSync(dir, { recursive: true, force: true }); } };
}

export interface Aggregation { readonly fn: string; readonly column?: string; readonly as: string }

/** count, min, max, count_distinct and first of each column; sum and avg of the numeric ones. */
export function aggregationsOf(columns: readonly TypedColumn[]): Aggregation[] {
  return [{ fn: 'count', as: 'n' }, ...columns.flatMap((c) => [
    ...['count', 'min', 'max', 'count_distinct', 'first'].map((fn) => ({ fn, column: c.name, as: `${fn}_${c.name}` })),
    ...(NUMERIC.has(c.type) ? ['sum', 'avg'].map((fn) => ({ fn, column: c.name, as: `${fn}_${c.name}` })) : []),
  ])];
}

/** A few aggregates touching every type (for group keys: the full set is checked ungrouped and by `ds`). */
export const KEY_AGGREGATIONS: readonly Aggregation[] = [
  { fn: 'count', as: 'n' }, { fn: 'sum', column: 'i32', as: 'sum_i32' }, { fn: 'max', column: 'i64', as: 'max_i64' },
  { fn: 'min', column: 'f64', as: 'min_f64' }, { fn: 'max', column: 's', as: 'max_s' }, { fn: 'first', column: 'ds', as: 'first_ds' },
  { fn: 'count', column: 'b', as: 'count_b' }, { fn: 'min', column: 'd', as: 'min_d' }, { fn: 'max', column: 'ts', as: 'max_ts' },
];

const SQL_OF: Record<string, (c: string) => string> = {
  count: (c) => `count(${c})`, min: (c) => `min(${c})`, max: (c) => `max(${c})`, count_distinct: (c) => `count(DISTINCT ${c})`,
  first: (c) => `first(${c} ORDER BY id)`, sum: (c) => `sum(${c})`, avg: (c) => `avg(${c})`,
};

/** The SQL of `aggregations` grouped by `keys`. */
export function aggregateSql(keys: readonly string[], aggregations: readonly Aggregation[], where: string): string {
  const aggs = aggregations.map((a) => `${a.column === undefined ? 'count(*)' : SQL_OF[a.fn]!(a.column)} AS ${a.as}`);
  return `SELECT ${[...keys, ...aggs].join(', ')} FROM facts ${where}${keys.length > 0 ? ` GROUP BY ${keys.join(', ')}` : ''}`;
}

type Value = Result['rows'][number][number];

function duckValue(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof DuckDBTimestampValue) return Number(v.micros);
  if (v instanceof DuckDBDateValue) return v.days * 86_400_000;
  if (v instanceof DuckDBDecimalValue) return Number(v.value) / 10 ** v.scale;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  throw new Error(`unexpected DuckDB value ${String(v)}`);
}

export async function duckRows(conn: DuckDBConnection, sql: string): Promise<Result> {
  const reader = await conn.runAndReadAll(sql);
  return { columns: reader.columnNames(), rows: reader.getRows().map((r) => r.map(duckValue)) };
}

/** The engine's rows: timestamps as their stored microseconds (Arrow's get() gives milliseconds). */
export function engineRows(out: { batches: readonly RecordBatch[]; schema: { fields: readonly { name: string }[] } }): Result {
  const columns = out.schema.fields.map((f) => f.name);
  const rows: Value[][] = [];
  for (const b of out.batches) {
    const readers = columns.map((name) => {
      const v = b.getChild(name)!;
      const data = v.data[0]!;
      if (String(data.type).startsWith('Timestamp')) {
        const micros = data.values as BigInt64Array;
        return (i: number): Value => (v.isValid(i) ? Number(micros[data.offset + i]!) : null);
      }
      return (i: number): Value => {
        const x: unknown = v.get(i);
        if (x === null || x === undefined) return null;
        if (typeof x === 'bigint') return Number(x);
        if (typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean') return x;
        throw new Error(`unexpected engine value ${String(x)} in column ${name}`);
      };
    });
    for (let i = 0; i < b.numRows; i++) rows.push(readers.map((r) => r(i)));
  }
  return { columns, rows };
}
