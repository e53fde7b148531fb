// min / max of numbers, dates, timestamps, booleans and strings (UTF-8 byte order). Strings:
// each batch first finds its best row per group, then each group compares once against the
// kept value, so the kept bytes are rewritten at most once per group per batch.

import type { Col, ColType, NumArray } from '../column.ts';
import { compareAt, floatCmp } from '../eval-common.ts';
import { rangeOf, compareBytes } from '../strings.ts';
import type { AggFn, StateField } from './agg-fn.ts';
import { growI32, growLike, growU8, isNull, validFrom } from './agg-fn.ts';

export class MinMaxAgg implements AggFn {
  readonly stateFields: readonly StateField[];
  private readonly sign: number;
  private has = new Uint8Array(64);
  private best: NumArray;
  // Strings: kept values in a byte pool.
  private pool = new Uint8Array(1024);
  private poolPos = 0;
  private start = new Int32Array(64);
  private end = new Int32Array(64);
  private readonly type: ColType;
  constructor(type: ColType, isMax: boolean) {
    this.type = type;
    this.sign = isMax ? 1 : -1;
    this.stateFields = [{ suffix: isMax ? 'max' : 'min', type }];
    this.best = type === 'float64' ? new Float64Array(64) : type === 'int64' || type === 'timestamp' ? new BigInt64Array(64) : type === 'bool' ? new Uint8Array(64) : new Int32Array(64);
  }
  private ensure(groups: number): void {
    this.has = growU8(this.has, groups);
    if (this.type === 'string') { this.start = growI32(this.start, groups); this.end = growI32(this.end, groups); }
    else this.best = growLike(this.best, groups);
  }
  update(gids: Int32Array, input: Col | null, groups: number): void {
    this.ensure(groups);
    if (!input || input.type === 'null') return;
    if (this.type === 'string') { this.updateStrings(gids, input, groups); return; }
    const v = input.values!; const b = this.best; const has = this.has; const s = this.sign;
    const valid = input.valid;
    if (v instanceof Float64Array) {
      const bb = b as Float64Array;
      for (let i = 0; i < gids.length; i++) {
        if (valid && !valid[i]) continue;
        const g = gids[i]!; const x = v[i]!;
        if (!has[g] || floatCmp(x, bb[g]!) * s > 0) { bb[g] = x; has[g] = 1; }
      }
    } else {
      for (let i = 0; i < gids.length; i++) {
        if (valid && !valid[i]) continue;
        const g = gids[i]!; const x = v[i]!;
        if (!has[g] || (s > 0 ? x > b[g]! : x < b[g]!)) { (b as unknown as unknown[])[g] = x; has[g] = 1; }
      }
    }
  }
  private updateStrings(gids: Int32Array, input: Col, groups: number): void {
    const bestRow = new Int32Array(groups).fill(-1);
    for (let i = 0; i < gids.length; i++) {
      if (isNull(input, i)) continue;
      const g = gids[i]!; const r = bestRow[g]!;
      if (r < 0 || compareAt(input, i, input, r) * this.sign > 0) bestRow[g] = i;
    }
    for (let g = 0; g < groups; g++) {
      const r = bestRow[g]!;
      if (r < 0) continue;
      const [b, s, e] = rangeOf(input, r);
      if (this.has[g] && compareBytes(b, s, e, this.pool, this.start[g]!, this.end[g]!) * this.sign <= 0) continue;
      this.keep(g, b, s, e);
    }
  }
  private keep(g: number, b: Uint8Array, s: number, e: number): void {
    if (this.poolPos + e - s > this.pool.length) {
      const p = new Uint8Array(Math.max(this.pool.length * 2, this.poolPos + e - s)); p.set(this.pool); this.pool = p;
    }
    this.pool.set(b.subarray(s, e), this.poolPos);
    this.start[g] = this.poolPos; this.poolPos += e - s; this.end[g] = this.poolPos; this.has[g] = 1;
  }
  merge(gids: Int32Array, state: readonly Col[], groups: number): void { this.update(gids, state[0]!, groups); }
  extraGroups(): Int32Array { return new Int32Array(0); }
  private column(rows: number, groups: number): Col {
    const valid = validFrom(this.has, rows, groups);
    if (this.type === 'string') {
      const offsets = new Int32Array(rows + 1);
      let total = 0;
      for (let g = 0; g < rows; g++) { offsets[g] = total; if (g < groups && valid[g]) total += this.end[g]! - this.start[g]!; }
      offsets[rows] = total;
      const bytes = new Uint8Array(total);
      for (let g = 0; g < groups; g++) if (valid[g]) bytes.set(this.pool.subarray(this.start[g]!, this.end[g]!), offsets[g]!);
      return { type: 'string', length: rows, valid, offsets, bytes };
    }
    const out = new (this.best.constructor as { new (n: number): NumArray })(rows);
    (out as unknown as { set(a: NumArray): void }).set(this.best.subarray(0, Math.min(groups, rows)));
    return { type: this.type, length: rows, valid, values: out };
  }
  emitState(rows: number, groups: number): Col[] { return [this.column(rows, groups)]; }
  result(groups: number): Col { return this.column(groups, groups); }
}
