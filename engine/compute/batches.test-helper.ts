// Test helpers (not used by the engine): build record batches from JS values through the same
// column builders the kernels use, read batches back to JS values, random data with nulls.

import type { RecordBatch } from 'apache-arrow';
import type { DataType, Field } from '../types.ts';
import { makeBatch } from './arrow-types.ts';
import type { Col } from './column.ts';
import { colFromData, colToData } from './column.ts';
import { stringAt, stringCol } from './strings.ts';
import { mulberry32 } from '../random.ts';

export type Value = null | boolean | number | bigint | string;

/** A column from JS values: date = days number, timestamp = bigint micros, int64 = bigint. */
export function colOf(type: DataType, values: readonly Value[], dictionary = false): Col {
  const n = values.length;
  const valid = new Uint8Array(n);
  values.forEach((v, i) => { valid[i] = v === null ? 0 : 1; });
  if (type === 'string') {
    if (!dictionary) return stringCol(values as (string | null)[]);
    const entries: string[] = []; const index = new Map<string, number>();
    const codes = new Int32Array(n);
    values.forEach((v, i) => {
      if (v === null) return;
      let k = index.get(v as string);
      if (k === undefined) { k = entries.length; entries.push(v as string); index.set(v as string, k); }
      codes[i] = k;
    });
    return { type, length: n, valid, codes, dict: stringCol(entries) };
  }
  const make = (): Col['values'] => {
    switch (type) {
      case 'bool': return Uint8Array.from(values, (v) => (v ? 1 : 0));
      case 'float64': return Float64Array.from(values, (v) => (v === null ? 0 : Number(v)));
      case 'int64': case 'timestamp': return BigInt64Array.from(values, (v) => (v === null ? 0n : BigInt(v as number)));
      default: return Int32Array.from(values, (v) => (v === null ? 0 : Number(v)));
    }
  };
  return { type, length: n, valid, values: make() };
}

export interface ColumnSpec { name: string; type: DataType; values: readonly Value[]; dictionary?: boolean }

export function batchOf(specs: readonly ColumnSpec[]): RecordBatch {
  const fields: Field[] = specs.map((s) => ({ name: s.name, type: s.type, nullable: true }));
  const n = specs[0]?.values.length ?? 0;
  return makeBatch(fields, specs.map((s) => colToData(colOf(s.type, s.values, s.dictionary))), n);
}

/** JS value of row i (date: days, timestamp/int64: bigint, vector: number[]). */
export function valueAt(c: Col, i: number): Value | number[] {
  if (c.type === 'null' || (c.valid && !c.valid[i])) return null;
  if (c.type === 'string') {
    if (c.codes && c.dict!.valid && !c.dict!.valid[c.codes[i]!]) return null;
    return stringAt(c, i);
  }
  if (c.type === 'bool') return c.values![i] === 1;
  if (c.type === 'vector') {
    const d = c.data!; const size = c.vectorSize!;
    const vals = d.children[0]!.values as Float64Array;
    return Array.from(vals.subarray(i * size, (i + 1) * size));
  }
  return c.values![i]!;
}

export function columnValues(c: Col): (Value | number[])[] {
  return Array.from({ length: c.length }, (_, i) => valueAt(c, i));
}

/** Rows of a batch as arrays of JS values. */
export function rowsOf(batch: RecordBatch): (Value | number[])[][] {
  const cols = batch.data.children.map((d) => colFromData(d));
  return Array.from({ length: batch.numRows }, (_, i) => cols.map((c) => valueAt(c, i)));
}

/** Deterministic pseudo-random numbers (mulberry32). */
export const rng = mulberry32;

const WORDS = ['', 'a', 'b', 'ab', 'abc', 'B', 'Zürich', 'é', 'été', '日本', 'naïve', 'x y', ' pad ', 'ÄÖÜ', 'zz', '🙂ok'];

/** Random values of a type with about `nullRate` nulls; `skew` makes small values common (Zipf-like). */
export function randomValues(type: DataType, n: number, r: () => number, opts: { nullRate?: number; distinct?: number; skew?: boolean } = {}): Value[] {
  const nullRate = opts.nullRate ?? 0.1;
  const distinct = opts.distinct ?? 50;
  const pick = (): number => (opts.skew ? Math.floor(distinct * r() ** 3) : Math.floor(distinct * r()));
  return Array.from({ length: n }, () => {
    if (r() < nullRate) return null;
    switch (type) {
      case 'bool': return r() < 0.5;
      case 'int32': return pick() - Math.floor(distinct / 4);
      case 'int64': return BigInt(pick() - Math.floor(distinct / 4)) * 1000003n;
      case 'float64': return r() < 0.1 ? pick() : Math.round((r() * 200 - 50) * 1e6) / 1e6;
      case 'string': { const k = pick(); return distinct <= WORDS.length ? WORDS[k % WORDS.length]! : k < WORDS.length ? WORDS[k]! : `k${k}`; }
      case 'date': return 18000 + pick();
      case 'timestamp': return BigInt(18000 + pick()) * 86_400_000_000n + BigInt(Math.floor(r() * 86_400)) * 1_000_000n;
      default: throw new Error(`no random ${type}`);
    }
  });
}
