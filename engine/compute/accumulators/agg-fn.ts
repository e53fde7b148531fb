// One aggregate function in both phases. Partial: `update` folds input rows into per-group
// state, `emitState` writes state columns. Final: `merge` folds state rows, `result` gives the
// output column. Rows of a partial batch are: one row per group (the mergeable state), then
// extra rows for functions that must ship values (count_distinct, median), in which every
// other function's state is neutral (count 0, sum null, ...).

import type { Col, ColType, NumArray } from '../column.ts';

export interface StateField { readonly suffix: string; readonly type: ColType }

export interface AggFn {
  readonly stateFields: readonly StateField[];
  update(gids: Int32Array, input: Col | null, groups: number): void;
  /** `update` over the rows `sel` of `input` (gids[k] is row sel[k]'s group), reading them in
   *  place; false when this input needs the gathered rows instead (then nothing was folded). */
  updateSelected?(gids: Int32Array, input: Col, groups: number, sel: Int32Array): boolean;
  merge(gids: Int32Array, state: readonly Col[], groups: number): void;
  /** Group id of each extra partial row this function ships (empty for mergeable functions). */
  extraGroups(): Int32Array;
  /** State columns over `rows` rows: rows < groups are groups; rows in [extraStart, extraStart + extras) are this function's extras. */
  emitState(rows: number, groups: number, extraStart: number): Col[];
  result(groups: number): Col;
}

export function growF64(a: Float64Array<ArrayBuffer>, n: number, fill = 0): Float64Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const b = new Float64Array(Math.max(n, a.length * 2)); b.set(a); if (fill) b.fill(fill, a.length); return b;
}
export function growU8(a: Uint8Array<ArrayBuffer>, n: number): Uint8Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const b = new Uint8Array(Math.max(n, a.length * 2)); b.set(a); return b;
}
export function growI32(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const b = new Int32Array(Math.max(n, a.length * 2)); b.set(a); return b;
}
export function growBig(a: BigInt64Array<ArrayBuffer>, n: number): BigInt64Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const b = new BigInt64Array(Math.max(n, a.length * 2)); b.set(a); return b;
}
export function growLike<T extends NumArray>(a: T, n: number): T {
  if (n <= a.length) return a;
  const b = new (a.constructor as { new (n: number): T })(Math.max(n, a.length * 2));
  (b as unknown as { set(x: T): void }).set(a);
  return b;
}

export function isNull(c: Col, i: number): boolean {
  return c.type === 'null' || (c.valid !== null && c.valid[i] === 0);
}

/** Valid bytes for `rows` rows where only rows < groups with has[g] are valid. */
export function validFrom(has: Uint8Array, rows: number, groups: number): Uint8Array {
  const v = new Uint8Array(rows); v.set(has.subarray(0, Math.min(groups, rows))); return v;
}

const TWO32 = 4294967296;

/** Whole numbers held in float64 (|x| < 2^53) or int32 as int64 values, written as two int32 halves
 *  (little-endian) instead of one BigInt per value. Rows >= src.length (or >= n) are 0. */
export function toInt64(src: Float64Array | Int32Array, n: number, rows = n): BigInt64Array<ArrayBuffer> {
  const out = new BigInt64Array(rows); const w = new Int32Array(out.buffer);
  const m = Math.min(n, rows, src.length);
  for (let i = 0; i < m; i++) {
    const x = src[i]!;
    const hi = Math.floor(x / TWO32);
    w[2 * i] = (x - hi * TWO32) | 0; w[2 * i + 1] = hi | 0;
  }
  return out;
}

/** The int32 halves of int64 values: value i = words[2i+1] * 2^32 + (words[2i] >>> 0). */
export function int64Words(a: BigInt64Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length * 2);
}
