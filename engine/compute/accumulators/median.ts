// Exact median: every non-null value is kept (as float64) with its group; the final phase sorts
// each group's values and averages the two middle ones for an even count (as Spark's median
// and DuckDB's median).

import type { Col } from '../column.ts';
import { coerce } from '../eval-common.ts';
import type { AggFn, StateField } from './agg-fn.ts';
import { growF64, growI32 } from './agg-fn.ts';

export class MedianAgg implements AggFn {
  readonly stateFields: readonly StateField[] = [{ suffix: 'value', type: 'float64' }];
  private gids = new Int32Array(256);
  private values = new Float64Array(256);
  private n = 0;
  private add(gids: Int32Array, input: Col | null): void {
    if (!input || input.type === 'null') return;
    const v = coerce(input, 'float64').values as Float64Array; const valid = input.valid;
    this.gids = growI32(this.gids, this.n + gids.length); this.values = growF64(this.values, this.n + gids.length);
    for (let i = 0; i < gids.length; i++) {
      if (valid && !valid[i]) continue;
      this.gids[this.n] = gids[i]!; this.values[this.n++] = v[i]!;
    }
  }
  update(gids: Int32Array, input: Col | null): void { this.add(gids, input); }
  merge(gids: Int32Array, state: readonly Col[]): void { this.add(gids, state[0]!); }
  extraGroups(): Int32Array { return this.gids.slice(0, this.n); }
  emitState(rows: number, _groups: number, extraStart: number): Col[] {
    const out = new Float64Array(rows); const valid = new Uint8Array(rows);
    out.set(this.values.subarray(0, this.n), extraStart); valid.fill(1, extraStart, extraStart + this.n);
    return [{ type: 'float64', length: rows, valid, values: out }];
  }
  result(groups: number): Col {
    // Counting sort by group, then sort each group's slice.
    const start = new Int32Array(groups + 1);
    for (let k = 0; k < this.n; k++) start[this.gids[k]! + 1]!++;
    for (let g = 0; g < groups; g++) start[g + 1]! += start[g]!;
    const fill = start.slice(0, groups); const sorted = new Float64Array(this.n);
    for (let k = 0; k < this.n; k++) sorted[fill[this.gids[k]!]!++] = this.values[k]!;
    const out = new Float64Array(groups); const valid = new Uint8Array(groups);
    for (let g = 0; g < groups; g++) {
      const s = start[g]!; const e = start[g + 1]!;
      if (e === s) continue;
      const part = sorted.subarray(s, e).sort();
      const m = part.length >> 1;
      out[g] = part.length % 2 ? part[m]! : (part[m - 1]! + part[m]!) / 2;
      valid[g] = 1;
    }
    return { type: 'float64', length: groups, valid, values: out };
  }
}
