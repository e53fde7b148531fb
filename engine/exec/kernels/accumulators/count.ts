// count(col) skips nulls; count() counts rows. Counts are exact up to 2^53 (Float64Array).

import type { Col } from '../column.ts';
import type { AggFn, StateField } from './agg-fn.ts';
import { growF64, int64Words, toInt64 } from './agg-fn.ts';

export class CountAgg implements AggFn {
  readonly stateFields: readonly StateField[] = [{ suffix: 'count', type: 'int64' }];
  private counts = new Float64Array(64);
  update(gids: Int32Array, input: Col | null, groups: number): void {
    this.counts = growF64(this.counts, groups);
    const c = this.counts; const n = gids.length;
    if (!input || (!input.valid && input.type !== 'null')) { for (let i = 0; i < n; i++) c[gids[i]!]!++; return; }
    if (input.type === 'null') return;
    const v = input.valid!;
    for (let i = 0; i < n; i++) c[gids[i]!]! += v[i]!;
  }
  merge(gids: Int32Array, state: readonly Col[], groups: number): void {
    this.counts = growF64(this.counts, groups);
    const w = int64Words(state[0]!.values as BigInt64Array); const c = this.counts;
    for (let i = 0; i < gids.length; i++) c[gids[i]!]! += w[2 * i + 1]! * 4294967296 + (w[2 * i]! >>> 0);
  }
  extraGroups(): Int32Array { return new Int32Array(0); }
  emitState(rows: number, groups: number): Col[] {
    return [{ type: 'int64', length: rows, valid: null, values: toInt64(this.counts, groups, rows) }];
  }
  result(groups: number): Col {
    return { type: 'int64', length: groups, valid: null, values: toInt64(this.counts, groups) };
  }
}
