// Test helpers for ML runs: rows of record batches as plain values (vectors as arrays), and
// comparisons that ignore row order and allow floating sums to differ in the last bits (a
// different partition count adds in a different order).

import type { RecordBatch } from 'apache-arrow';

export type Value = number | string | boolean | null | Value[];
export type Row = Record<string, Value>;

function plain(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'object' && Symbol.iterator in v) return Array.from(v as Iterable<unknown>, plain);
  return String(v);
}

export function rowsOf(batches: readonly RecordBatch[]): Row[] {
  const rows: Row[] = [];
  for (const b of batches) {
    const names = b.schema.fields.map((f) => f.name);
    const cols = names.map((n) => b.getChild(n)!);
    for (let i = 0; i < b.numRows; i++) rows.push(Object.fromEntries(names.map((n, c) => [n, plain(cols[c]!.get(i))])));
  }
  return rows;
}

/** Why `a` and `b` differ beyond `rel` relative error on numbers (NaN equals NaN), or undefined. */
export function difference(a: unknown, b: unknown, rel = 1e-9, at = '$'): string | undefined {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) && Number.isNaN(b)) return undefined;
    if (a === b || Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b))) return undefined;
    return `${at}: ${a} != ${b}`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${at}: length ${a.length} != ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], b[i], rel, `${at}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) {
      const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], rel, `${at}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return a === b ? undefined : `${at}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`;
}

/** Rows sorted by `key` (a column whose values are unique), for an order-insensitive comparison. */
export function sortedBy(rows: readonly Row[], key: string): Row[] {
  return [...rows].sort((x, y) => {
    const a = x[key]; const b = y[key];
    return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
  });
}
