// Column hashing and hash partitioning. A key hashes by its value, whatever its encoding:
// integers (int32, int64, date, timestamp, integral floats) hash as the same 64-bit integer,
// strings hash their UTF-8 bytes (dictionary columns hash each entry once), so the same key
// lands in the same partition from any batch, plain or dictionary, int32 or int64.

import type { RecordBatch } from 'apache-arrow';
import type { Col } from './column.ts';
import { colFromData } from './column.ts';
import { columnData } from './arrow-types.ts';
import { takeBatch } from './eval-expr.ts';

export const NULL_HASH = 0x5bd1e995;
const NAN_HASH = 0x7ff80001;

export function fmix(h0: number): number {
  let h = h0;
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hashInt64(lo: number, hi: number): number {
  return fmix(Math.imul(lo, 0xcc9e2d51) ^ Math.imul((hi ^ 0x1b873593) | 0, 0x2c1b3c6d));
}

export function hashInt32(v: number): number { return hashInt64(v, v >> 31); }

const f64 = new Float64Array(1);
const f64bits = new Int32Array(f64.buffer);

export function hashFloat(x: number): number {
  if (x !== x) return NAN_HASH;
  if (Number.isInteger(x) && Math.abs(x) < 9.2e18) {
    const hi = Math.floor(x / 4294967296);
    return hashInt64((x - hi * 4294967296) | 0, hi | 0);
  }
  f64[0] = x;
  return hashInt64(f64bits[0]!, f64bits[1]!);
}

export function hashBytes(b: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5 ^ (e - s);
  for (let j = s; j < e; j++) h = Math.imul(h ^ b[j]!, 0x01000193);
  return fmix(h);
}

/** Hash of every row of one column (nulls hash to NULL_HASH). */
export function hashCol(c: Col): Uint32Array {
  const n = c.length; const out = new Uint32Array(n);
  if (c.type === 'null') return out.fill(NULL_HASH);
  switch (c.type) {
    case 'string': {
      if (c.codes) {
        const dh = hashCol(c.dict!);
        const codes = c.codes;
        for (let i = 0; i < n; i++) out[i] = dh[codes[i]!]!;
      } else {
        const o = c.offsets!; const b = c.bytes!;
        for (let i = 0; i < n; i++) out[i] = hashBytes(b, o[i]!, o[i + 1]!);
      }
      break;
    }
    case 'float64': { const v = c.values as Float64Array; for (let i = 0; i < n; i++) out[i] = hashFloat(v[i]!); break; }
    case 'int64': case 'timestamp': {
      const v = c.values as BigInt64Array;
      const w = new Int32Array(v.buffer, v.byteOffset, 2 * n);
      for (let i = 0; i < n; i++) out[i] = hashInt64(w[2 * i]!, w[2 * i + 1]!);
      break;
    }
    case 'vector': throw new Error('vector columns cannot be hashed: group or join on scalar columns');
    default: { const v = c.values as Int32Array | Uint8Array; for (let i = 0; i < n; i++) out[i] = hashInt32(v[i]!); }
  }
  if (c.valid) for (let i = 0; i < n; i++) if (!c.valid[i]) out[i] = NULL_HASH;
  return out;
}

/** Combined hash of several key columns per row. */
export function hashCols(cols: readonly Col[], n: number): Uint32Array {
  if (cols.length === 1) return hashCol(cols[0]!);
  const out = new Uint32Array(n);
  cols.forEach((c, k) => {
    const h = hashCol(c);
    if (k === 0) out.set(h);
    else for (let i = 0; i < n; i++) out[i] = fmix((Math.imul(out[i]!, 0x9e3779b1) ^ h[i]!) | 0);
  });
  return out;
}

export function hashColumns(batch: RecordBatch, columns: readonly string[]): Uint32Array {
  return hashCols(columns.map((c) => colFromData(columnData(batch, c))), batch.numRows);
}

/** Partition of a hash: the high bits, so rows of one partition still spread over a hash table's low bits. */
export function partitionOf(h: number, partitions: number): number {
  return Math.floor(((h >>> 0) * partitions) / 4294967296);
}

export function partitionBatch(batch: RecordBatch, columns: readonly string[], partitions: number): RecordBatch[] {
  if (partitions <= 1) return [batch];
  const h = hashColumns(batch, columns);
  const n = batch.numRows;
  const part = new Int32Array(n); const counts = new Int32Array(partitions);
  for (let i = 0; i < n; i++) { const p = partitionOf(h[i]!, partitions); part[i] = p; counts[p]!++; }
  const idx = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(partitions);
  for (let i = 0; i < n; i++) { const p = part[i]!; idx[p]![fill[p]!++] = i; }
  return idx.map((ix) => (ix.length === n ? batch : takeBatch(batch, ix, true)));
}
