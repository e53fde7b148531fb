// sum: int32 -> int64 (accumulated in float64, exact while |sum| < 2^53), int64 -> int64 (BigInt),
// float64 -> float64; null when a group has no non-null value. avg: float64 sum + count.

import type { Col } from '../column.ts';
import { coerce } from '../eval-common.ts';
import type { AggFn, StateField } from './agg-fn.ts';
import { growBig, growF64, growU8, int64Words, toInt64, validFrom } from './agg-fn.ts';

export class SumAgg implements AggFn {
  readonly stateFields: readonly StateField[];
  private readonly big: boolean;
  private sums = new Float64Array(64);
  private bigs = new BigInt64Array(64);
  private has = new Uint8Array(64);
  /** While every input so far had no nulls, every group has a value and has[] is not kept
   *  (one random write per row less); `seen` groups are then known to have one. */
  private lazyHas = true;
  private seen = 0;
  private anyBig = false;
  private readonly outType: 'int64' | 'float64';
  constructor(inputType: string) {
    this.outType = inputType === 'float64' ? 'float64' : 'int64';
    this.big = inputType === 'int64';
    this.stateFields = [{ suffix: 'sum', type: this.outType }];
  }
  private ensure(groups: number): void {
    this.sums = growF64(this.sums, groups);
    if (!this.lazyHas) this.has = growU8(this.has, groups);
    if (this.big || this.anyBig || this.outType === 'int64') this.bigs = growBig(this.bigs, groups);
  }
  /** Start keeping has[] explicitly. */
  private materialize(groups: number): void {
    if (!this.lazyHas) return;
    this.lazyHas = false;
    this.has = growU8(this.has, groups);
    this.has.fill(1, 0, this.seen);
  }
  update(gids: Int32Array, input: Col | null, groups: number): void {
    this.ensure(groups);
    if (!input || input.type === 'null') { if (gids.length) this.materialize(groups); return; }
    if (this.lazyHas && input.valid === null && !this.big) {
      const v = (input.type === 'int32' || input.type === 'float64' ? input : coerce(input, 'float64')).values as Float64Array | Int32Array;
      const s = this.sums; const n = gids.length;
      for (let i = 0; i < n; i++) s[gids[i]!]! += v[i]!;
      this.seen = groups;
      return;
    }
    this.materialize(groups);
    const n = gids.length; const valid = input.valid; const has = this.has;
    if (this.big) {
      const v = input.values as BigInt64Array; const s = this.bigs;
      for (let i = 0; i < n; i++) if (!valid || valid[i]) { const g = gids[i]!; s[g] = BigInt.asIntN(64, s[g]! + v[i]!); has[g] = 1; }
      return;
    }
    const v = (input.type === 'int32' || input.type === 'float64' ? input : coerce(input, 'float64')).values as Float64Array | Int32Array;
    const s = this.sums;
    if (!valid) { for (let i = 0; i < n; i++) { const g = gids[i]!; s[g]! += v[i]!; has[g] = 1; } }
    else for (let i = 0; i < n; i++) if (valid[i]) { const g = gids[i]!; s[g]! += v[i]!; has[g] = 1; }
  }
  updateSelected(gids: Int32Array, input: Col, groups: number, sel: Int32Array): boolean {
    if (this.big || (input.type !== 'int32' && input.type !== 'float64')) return false;
    this.ensure(groups);
    const v = input.values as Float64Array | Int32Array; const s = this.sums; const n = gids.length;
    const valid = input.valid;
    if (this.lazyHas && valid === null) {
      for (let k = 0; k < n; k++) s[gids[k]!]! += v[sel[k]!]!;
      this.seen = groups;
      return true;
    }
    this.materialize(groups);
    const has = this.has;
    if (!valid) { for (let k = 0; k < n; k++) { const g = gids[k]!; s[g]! += v[sel[k]!]!; has[g] = 1; } }
    else for (let k = 0; k < n; k++) { const i = sel[k]!; if (valid[i]) { const g = gids[k]!; s[g]! += v[i]!; has[g] = 1; } }
    return true;
  }
  merge(gids: Int32Array, state: readonly Col[], groups: number): void {
    this.ensure(groups);
    this.materialize(groups);
    const st = state[0]!; const valid = st.valid; const has = this.has;
    if (this.big) {
      const v = st.values as BigInt64Array; const s = this.bigs;
      for (let i = 0; i < gids.length; i++) if (!valid || valid[i]) { const g = gids[i]!; s[g] = BigInt.asIntN(64, s[g]! + v[i]!); has[g] = 1; }
    } else if (this.outType === 'int64') {
      // Sums of int32 inputs: exact in float64 while |sum| < 2^53 (as update); a state value
      // of 2^52 or more goes through BigInt.
      const v = st.values as BigInt64Array; const w = int64Words(v); const s = this.sums;
      for (let i = 0; i < gids.length; i++) {
        if (valid && !valid[i]) continue;
        const g = gids[i]!; const hi = w[2 * i + 1]!;
        if (hi >= -1048576 && hi < 1048576) s[g]! += hi * 4294967296 + (w[2 * i]! >>> 0);
        else { this.bigs[g] = BigInt.asIntN(64, this.bigs[g]! + v[i]!); this.anyBig = true; }
        has[g] = 1;
      }
    } else {
      const v = st.values as Float64Array; const s = this.sums;
      for (let i = 0; i < gids.length; i++) if (!valid || valid[i]) { const g = gids[i]!; s[g]! += v[i]!; has[g] = 1; }
    }
  }
  extraGroups(): Int32Array { return new Int32Array(0); }
  private column(rows: number, groups: number): Col {
    let valid: Uint8Array;
    if (this.lazyHas) { valid = new Uint8Array(rows); valid.fill(1, 0, Math.min(this.seen, groups, rows)); }
    else valid = validFrom(this.has, rows, groups);
    if (this.outType === 'float64') {
      const out = new Float64Array(rows); out.set(this.sums.subarray(0, Math.min(groups, rows)));
      return { type: 'float64', length: rows, valid, values: out };
    }
    if (this.big) {
      const out = new BigInt64Array(rows);
      out.set(this.bigs.subarray(0, groups));
      return { type: 'int64', length: rows, valid, values: out };
    }
    const out = toInt64(this.sums, groups, rows);
    if (this.anyBig) for (let g = 0; g < groups; g++) if (this.bigs[g]) out[g] = BigInt.asIntN(64, out[g]! + this.bigs[g]!);
    return { type: 'int64', length: rows, valid, values: out };
  }
  emitState(rows: number, groups: number): Col[] { return [this.column(rows, groups)]; }
  result(groups: number): Col { return this.column(groups, groups); }
}

export class AvgAgg implements AggFn {
  readonly stateFields: readonly StateField[] = [{ suffix: 'sum', type: 'float64' }, { suffix: 'count', type: 'int64' }];
  private sums = new Float64Array(64);
  private counts = new Float64Array(64);
  update(gids: Int32Array, input: Col | null, groups: number): void {
    this.sums = growF64(this.sums, groups); this.counts = growF64(this.counts, groups);
    if (!input || input.type === 'null') return;
    const v = (input.type === 'int32' || input.type === 'float64' ? input : coerce(input, 'float64')).values as Float64Array;
    const valid = input.valid; const s = this.sums; const c = this.counts;
    for (let i = 0; i < gids.length; i++) if (!valid || valid[i]) { const g = gids[i]!; s[g]! += v[i]!; c[g]!++; }
  }
  updateSelected(gids: Int32Array, input: Col, groups: number, sel: Int32Array): boolean {
    if (input.type !== 'int32' && input.type !== 'float64') return false;
    this.sums = growF64(this.sums, groups); this.counts = growF64(this.counts, groups);
    const v = input.values as Float64Array | Int32Array;
    const valid = input.valid; const s = this.sums; const c = this.counts; const n = gids.length;
    if (!valid) { for (let k = 0; k < n; k++) { const g = gids[k]!; s[g]! += v[sel[k]!]!; c[g]!++; } }
    else for (let k = 0; k < n; k++) { const i = sel[k]!; if (valid[i]) { const g = gids[k]!; s[g]! += v[i]!; c[g]!++; } }
    return true;
  }
  merge(gids: Int32Array, state: readonly Col[], groups: number): void {
    this.sums = growF64(this.sums, groups); this.counts = growF64(this.counts, groups);
    const sv = state[0]!.values as Float64Array; const cw = int64Words(state[1]!.values as BigInt64Array);
    const s = this.sums; const c = this.counts;
    for (let i = 0; i < gids.length; i++) {
      const k = cw[2 * i + 1]! * 4294967296 + (cw[2 * i]! >>> 0);
      if (k !== 0) { const g = gids[i]!; s[g]! += sv[i]!; c[g]! += k; }
    }
  }
  extraGroups(): Int32Array { return new Int32Array(0); }
  emitState(rows: number, groups: number): Col[] {
    const s = new Float64Array(rows); s.set(this.sums.subarray(0, groups));
    return [{ type: 'float64', length: rows, valid: null, values: s }, { type: 'int64', length: rows, valid: null, values: toInt64(this.counts, groups, rows) }];
  }
  result(groups: number): Col {
    const out = new Float64Array(groups); const valid = new Uint8Array(groups);
    for (let g = 0; g < groups; g++) if (this.counts[g]) { out[g] = this.sums[g]! / this.counts[g]!; valid[g] = 1; }
    return { type: 'float64', length: groups, valid, values: out };
  }
}
