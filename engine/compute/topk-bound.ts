// A cheap pre-filter for streaming top-k: once k rows are known, any row whose first sort key is
// strictly worse than the k-th of them cannot be in the top k, whatever its other keys or its
// position. One tight loop over the first key's typed array drops almost every row of a large
// input before the general (closure-based, multi-key) comparator sees it.
//
// Only plain numeric first keys (int32, date, int64, timestamp, float64) take part; anything
// else (strings, dictionaries, bools) is never filtered. Ties on the first key are always kept
// (later keys or input order decide them), and NaN never serves as a bound.

import { Type } from 'apache-arrow';
import type { Data, RecordBatch } from 'apache-arrow';
import type { SortKey } from '../logical/plan.ts';
import { columnData } from './arrow-types.ts';

type Numeric = Float64Array | Int32Array | BigInt64Array;

function numericKey(batch: RecordBatch, key: SortKey): { d: Data; v: Numeric } | undefined {
  const d = columnData(batch, key.column);
  const t = d.type.typeId;
  if (t !== Type.Float && t !== Type.Int && t !== Type.Date && t !== Type.Timestamp) return undefined;
  const v = d.values as unknown;
  if (v instanceof Float64Array || v instanceof Int32Array || v instanceof BigInt64Array) return { d, v };
  return undefined;
}

const validAt = (d: Data, i: number): boolean => {
  if (d.nullCount === 0 || !d.nullBitmap || d.nullBitmap.length === 0) return true;
  const j = d.offset + i;
  return ((d.nullBitmap[j >> 3]! >> (j & 7)) & 1) === 1;
};

/** The first key's value at `row` as a bound, or undefined when it cannot serve as one. */
export function boundAt(batch: RecordBatch, key: SortKey, row: number): number | bigint | undefined {
  const k = numericKey(batch, key);
  if (!k || row < 0 || row >= batch.numRows || !validAt(k.d, row)) return undefined;
  const x = k.v[k.d.offset + row]!;
  return typeof x === 'number' && Number.isNaN(x) ? undefined : x;
}

/** The tighter of two bounds (the better value in the key's direction). */
export function tighter(a: number | bigint | undefined, b: number | bigint | undefined, key: SortKey): number | bigint | undefined {
  if (a === undefined) return b;
  if (b === undefined || typeof a !== typeof b) return a;
  return key.descending ? (b > a ? b : a) : (b < a ? b : a);
}

/**
 * Rows of `batch` not strictly worse than `bound` on the first key, in input order, or null when
 * every row is kept (or the key does not take part).
 */
export function rowsNotWorse(batch: RecordBatch, key: SortKey, bound: number | bigint): Int32Array | null {
  const k = numericKey(batch, key);
  if (!k || typeof k.v[0] !== typeof bound && k.v.length > 0) return null;
  const { d } = k;
  const n = batch.numRows;
  const off = d.offset;
  const out = new Int32Array(n);
  let j = 0;
  // NaN is above every number: kept when descending (`!(x < c)`), and also kept ascending, which
  // is only conservative.
  if (k.v instanceof BigInt64Array) {
    const v = k.v; const c = bound as bigint;
    if (key.descending) for (let i = 0; i < n; i++) { out[j] = i; j += +(v[off + i]! >= c); }
    else for (let i = 0; i < n; i++) { out[j] = i; j += +(v[off + i]! <= c); }
  } else {
    const v = k.v; const c = bound as number;
    if (key.descending) for (let i = 0; i < n; i++) { out[j] = i; j += +!(v[off + i]! < c); }
    else for (let i = 0; i < n; i++) { out[j] = i; j += +!(v[off + i]! > c); }
  }
  if (d.nullCount > 0 && d.nullBitmap && d.nullBitmap.length > 0) {
    // A null row is worse than the (non-null) bound unless nulls sort first, then it is better.
    const bits = d.nullBitmap;
    if (key.nullsFirst) {
      j = 0;
      for (let i = 0; i < n; i++) {
        const b = off + i;
        const isNull = ((bits[b >> 3]! >> (b & 7)) & 1) === 0;
        out[j] = i;
        // number or bigint alike: both sides have the same type here.
        const x = k.v[off + i]! as number; const c = bound as number;
        j += +(isNull || (key.descending ? !(x < c) : !(x > c)));
      }
    } else {
      let w = 0;
      for (let m = 0; m < j; m++) { const i = out[m]!; const b = off + i; out[w] = i; w += (bits[b >> 3]! >> (b & 7)) & 1; }
      j = w;
    }
  }
  return j === n ? null : out.subarray(0, j);
}
