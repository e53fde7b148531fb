// Test helper: load JS columns into an in-process DuckDB table (appender) and read query rows
// back as JS values comparable with ours (date: days, timestamp: bigint micros).

import { DuckDBDateValue, DuckDBInstance, DuckDBTimestampValue } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DataType } from '../types.ts';
import type { ColumnSpec, Value } from './batches.test-helper.ts';

const SQL_TYPE: Record<DataType, string> = {
  bool: 'BOOLEAN', int32: 'INTEGER', int64: 'BIGINT', float64: 'DOUBLE', string: 'VARCHAR', date: 'DATE', timestamp: 'TIMESTAMP', vector: 'DOUBLE[]',
};

export async function duckdb(): Promise<DuckDBConnection> {
  const inst = await DuckDBInstance.create(':memory:');
  return inst.connect();
}

export async function loadTable(conn: DuckDBConnection, name: string, specs: readonly ColumnSpec[]): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE ${name} (${specs.map((s) => `"${s.name}" ${SQL_TYPE[s.type]}`).join(', ')})`);
  const app = await conn.createAppender(name);
  const n = specs[0]?.values.length ?? 0;
  for (let i = 0; i < n; i++) {
    for (const s of specs) {
      const v = s.values[i];
      if (v === null || v === undefined) { app.appendNull(); continue; }
      switch (s.type) {
        case 'bool': app.appendBoolean(v as boolean); break;
        case 'int32': app.appendInteger(v as number); break;
        case 'int64': app.appendBigInt(BigInt(v as number)); break;
        case 'float64': app.appendDouble(v as number); break;
        case 'string': app.appendVarchar(v as string); break;
        case 'date': app.appendDate(new DuckDBDateValue(v as number)); break;
        case 'timestamp': app.appendTimestamp(new DuckDBTimestampValue(v as bigint)); break;
        default: throw new Error(`cannot load ${s.type}`);
      }
    }
    app.endRow();
  }
  app.closeSync();
}

/** Rows of a query; DATE columns become day numbers, TIMESTAMP columns bigint micros. */
export async function query(conn: DuckDBConnection, sql: string): Promise<Value[][]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRows().map((row) => row.map((v): Value => {
    if (v === null || v === undefined) return null;
    if (v instanceof DuckDBDateValue) return v.days;
    if (v instanceof DuckDBTimestampValue) return v.micros;
    if (typeof v === 'object') return String(v);
    return v as Value;
  }));
}

function norm(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' && Object.is(v, -0)) return 0;
  return v;
}

function key(row: readonly unknown[]): string {
  return JSON.stringify(row.map((v) => { const x = norm(v); return typeof x === 'number' ? Number(x.toPrecision(8)) : x; }));
}

/** Equal rows (floats to a relative 1e-9), ignoring order unless `ordered`. Returns a message or null. */
export function diffRows(ours: readonly (readonly unknown[])[], theirs: readonly (readonly unknown[])[], ordered = false): string | null {
  if (ours.length !== theirs.length) return `row count ${ours.length} != ${theirs.length}`;
  const a = ordered ? ours : [...ours].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
  const b = ordered ? theirs : [...theirs].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
  for (let i = 0; i < a.length; i++) {
    const r = a[i]!; const s = b[i]!;
    for (let j = 0; j < r.length; j++) {
      const x = norm(r[j]); const y = norm(s[j]);
      if (typeof x === 'number' && typeof y === 'number') {
        if (Number.isNaN(x) && Number.isNaN(y)) continue;
        if (Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y))) continue;
      }
      if (x !== y) return `row ${i} column ${j}: ours ${String(r[j])} vs duckdb ${String(s[j])}\nours ${JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? Number(v) : v))}\nduck ${JSON.stringify(s, (_, v) => (typeof v === 'bigint' ? Number(v) : v))}`;
    }
  }
  return null;
}
