// Sample variance / standard deviation (n - 1, as Spark's stddev and variance): per group
// count, mean and M2 by Welford's update; partial states merged with Chan's formula.
// Fewer than two values give null.

import type { Col } from '../column.ts';
import { coerce } from '../eval-common.ts';
import type { AggFn, StateField } from './agg-fn.ts';
import { growF64, int64Words, toInt64 } from './agg-fn.ts';

export class VarianceAgg implements AggFn {
  readonly stateFields: readonly StateField[] = [{ suffix: 'n', type: 'int64' }, { suffix: 'mean', type: 'float64' }, { suffix: 'm2', type: 'float64' }];
  private n = new Float64Array(64);
  private mean = new Float64Array(64);
  private m2 = new Float64Array(64);
  private readonly stddev: boolean;
  constructor(stddev: boolean) { this.stddev = stddev; }
  private ensure(groups: number): void {
    this.n = growF64(this.n, groups); this.mean = growF64(this.mean, groups); this.m2 = growF64(this.m2, groups);
  }
  update(gids: Int32Array, input: Col | null, groups: number): void {
    this.ensure(groups);
    if (!input || input.type === 'null') return;
    const v = coerce(input, 'float64').values as Float64Array; const valid = input.valid;
    const N = this.n; const M = this.mean; const Q = this.m2;
    for (let i = 0; i < gids.length; i++) {
      if (valid && !valid[i]) continue;
      const g = gids[i]!; const x = v[i]!;
      const k = ++N[g]!; const d = x - M[g]!;
      M[g]! += d / k; Q[g]! += d * (x - M[g]!);
    }
  }
  merge(gids: Int32Array, state: readonly Col[], groups: number): void {
    this.ensure(groups);
    const bn = int64Words(state[0]!.values as BigInt64Array); const bm = state[1]!.values as Float64Array; const bq = state[2]!.values as Float64Array;
    const N = this.n; const M = this.mean; const Q = this.m2;
    for (let i = 0; i < gids.length; i++) {
      const nb = bn[2 * i + 1]! * 4294967296 + (bn[2 * i]! >>> 0);
      if (nb === 0) continue;
      const g = gids[i]!; const na = N[g]!; const n = na + nb;
      const d = bm[i]! - M[g]!;
      M[g] = M[g]! + d * (nb / n);
      Q[g] = Q[g]! + bq[i]! + d * d * (na * nb / n);
      N[g] = n;
    }
  }
  extraGroups(): Int32Array { return new Int32Array(0); }
  emitState(rows: number, groups: number): Col[] {
    const n = toInt64(this.n, groups, rows); const m = new Float64Array(rows); const q = new Float64Array(rows);
    m.set(this.mean.subarray(0, Math.min(groups, rows))); q.set(this.m2.subarray(0, Math.min(groups, rows)));
    return [{ type: 'int64', length: rows, valid: null, values: n }, { type: 'float64', length: rows, valid: null, values: m }, { type: 'float64', length: rows, valid: null, values: q }];
  }
  result(groups: number): Col {
    const out = new Float64Array(groups); const valid = new Uint8Array(groups);
    for (let g = 0; g < groups; g++) {
      const n = this.n[g]!;
      if (n < 2) continue;
      const v = Math.max(0, this.m2[g]! / (n - 1));
      out[g] = this.stddev ? Math.sqrt(v) : v; valid[g] = 1;
    }
    return { type: 'float64', length: groups, valid, values: out };
  }
}
