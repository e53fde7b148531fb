// What a scan keeps of a batch before it decodes the rest of its columns (late materialization,
// io/parquet/decode/row-group.ts): the rows its pushed filters select, and of those, under a
// top-k it feeds, the rows not strictly worse on the first sort key than k rows it already kept.

import type { RecordBatch } from 'apache-arrow';
import type { Expr } from '../logical/expr.ts';
import type { SortKey } from '../logical/plan.ts';
import { coerce } from './eval-common.ts';
import { evaluateCol } from './eval-expr.ts';
import { selection } from './eval-logic.ts';
import { selectRows } from './select.ts';
import { rowsNotWorse, tighter } from './topk-bound.ts';
import { columnData } from './arrow-types.ts';

/** Rows present in both ascending selections. */
export function intersectRows(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let i = 0, j = 0, k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!, y = b[j]!;
    if (x === y) { out[k++] = x; i++; j++; } else if (x < y) i++; else j++;
  }
  return out.subarray(0, k);
}

/** Rows of `batch` where every condition is true, ascending (null: every row). */
export function rowsWhere(batch: RecordBatch, conditions: readonly Expr[]): Int32Array | null {
  let sel: Int32Array | null = null;
  for (const cond of conditions) {
    const fast = selectRows(batch, cond, sel);
    if (fast) { sel = fast; continue; }
    const all = selection(coerce(evaluateCol(cond, batch), 'bool'));
    sel = sel ? intersectRows(sel, all) : all;
  }
  return sel !== null && sel.length === batch.numRows ? null : sel;
}

/**
 * A scan's running top-k bound on the first sort key: the k-th best value among the rows it kept,
 * once it kept k with a usable (non-null, non-NaN, numeric) key. Rows strictly worse than it
 * cannot be in the top k; ties and nulls are left to rowsNotWorse's rules (kept when they could).
 */
export class ScanTopK {
  private readonly key: SortKey;
  private readonly k: number;
  private bound: number | bigint | undefined;
  /** Key values of kept rows not yet folded into the bound. */
  private values: (number | bigint)[] = [];

  constructor(key: SortKey, k: number) {
    this.key = key;
    this.k = k;
  }

  /** Of the rows `sel` of `batch` (null: all), those that may still be in the top k. */
  keep(batch: RecordBatch, sel: Int32Array | null): Int32Array | null {
    let rows = sel;
    if (this.bound !== undefined && batch.numRows > 0) {
      const notWorse = rowsNotWorse(batch, this.key, this.bound);
      if (notWorse) rows = rows ? intersectRows(rows, notWorse) : notWorse;
    }
    this.note(batch, rows);
    return rows;
  }

  private note(batch: RecordBatch, rows: Int32Array | null): void {
    const d = columnData(batch, this.key.column);
    const v = d.values as unknown;
    if (!(v instanceof Float64Array || v instanceof Int32Array || v instanceof BigInt64Array)) return;
    const bits = d.nullCount > 0 && d.nullBitmap && d.nullBitmap.length > 0 ? d.nullBitmap : null;
    const off = d.offset;
    const n = rows ? rows.length : batch.numRows;
    const flushAt = Math.max(4 * this.k, 4096);
    for (let j = 0; j < n; j++) {
      const i = rows ? rows[j]! : j;
      const b = off + i;
      if (bits && ((bits[b >> 3]! >> (b & 7)) & 1) === 0) continue;
      const x = v[b]!;
      if (typeof x === 'number' && Number.isNaN(x)) continue;
      this.values.push(x);
      if (this.values.length >= flushAt) this.fold();
    }
    if (this.values.length >= this.k) this.fold();
  }

  /** Keeps the k best noted values; the k-th of them tightens the bound. */
  private fold(): void {
    const desc = this.key.descending;
    this.values.sort((a, b) => (a < b ? (desc ? 1 : -1) : a > b ? (desc ? -1 : 1) : 0));
    if (this.values.length > this.k) this.values.length = this.k;
    if (this.values.length === this.k) this.bound = tighter(this.bound, this.values[this.k - 1], this.key);
  }
}
