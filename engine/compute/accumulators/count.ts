// count(col) skips nulls; count() counts rows. While fewer than 2^31 rows have been counted no
// group's count can overflow an Int32Array, which is half the memory of float64 counts (the
// per-row increments land at random in it, so its size matters); past that, and in the final
// phase (merged counts can be larger), counts are float64, exact up to 2^53.

import type { Col } from '../column.ts';
import type { AggFn, StateField } from './agg-fn.ts';
import { growF64, growI32, int64Words, toInt64 } from './agg-fn.ts';

export class CountAgg implements AggFn {
  /** Rows counted in int32 before widening (a static so tests can lower it). */
  static int32Rows = 2147483647;
  readonly stateFields: readonly StateField[] = [{ suffix: 'count', type: 'int64' }];
  private small: Int32Array<ArrayBuffer> | null = new Int32Array(64);
  private counts = new Float64Array(0);
  private rows = 0;
  /** Switch to float64 counts. */
  private widen(groups: number): void {
    if (!this.small) return;
    const f = new Float64Array(Math.max(groups, this.small.length));
    for (let g = 0; g < this.small.length; g++) f[g] = this.small[g]!;
    this.counts = f; this.small = null;
  }
  update(gids: Int32Array, input: Col | null, groups: number): void {
    const n = gids.length;
    this.rows += n;
    if (this.small && this.rows >= CountAgg.int32Rows) this.widen(groups);
    if (input && input.type === 'null') { this.grow(groups); return; }
    const v = input ? input.valid : null;
    this.grow(groups);
    if (this.small) {
      const c = this.small;
      if (!v) for (let i = 0; i < n; i++) c[gids[i]!]!++;
      else for (let i = 0; i < n; i++) c[gids[i]!]! += v[i]!;
    } else {
      const c = this.counts;
      if (!v) for (let i = 0; i < n; i++) c[gids[i]!]!++;
      else for (let i = 0; i < n; i++) c[gids[i]!]! += v[i]!;
    }
  }
  updateSelected(gids: Int32Array, input: Col, groups: number, sel: Int32Array): boolean {
    const v = input.valid;
    if (!v || input.type === 'null') { this.update(gids, input, groups); return true; }
    const n = gids.length;
    this.rows += n;
    if (this.small && this.rows >= CountAgg.int32Rows) this.widen(groups);
    this.grow(groups);
    const c = this.small ?? this.counts;
    for (let k = 0; k < n; k++) c[gids[k]!]! += v[sel[k]!]!;
    return true;
  }
  private grow(groups: number): void {
    if (this.small) this.small = growI32(this.small, groups);
    else this.counts = growF64(this.counts, groups);
  }
  merge(gids: Int32Array, state: readonly Col[], groups: number): void {
    this.widen(groups);
    this.grow(groups);
    const w = int64Words(state[0]!.values as BigInt64Array); const c = this.counts;
    for (let i = 0; i < gids.length; i++) c[gids[i]!]! += w[2 * i + 1]! * 4294967296 + (w[2 * i]! >>> 0);
  }
  extraGroups(): Int32Array { return new Int32Array(0); }
  private values(): Float64Array | Int32Array { return this.small ?? this.counts; }
  emitState(rows: number, groups: number): Col[] {
    return [{ type: 'int64', length: rows, valid: null, values: toInt64(this.values(), groups, rows) }];
  }
  result(groups: number): Col {
    return { type: 'int64', length: groups, valid: null, values: toInt64(this.values(), groups) };
  }
}
