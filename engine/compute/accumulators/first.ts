// first(col): the value of the first row seen for each group, null included (Spark's default
// ignoreNulls = false). Across partitions the order is that of the final phase's input.

import type { Col, ColType } from '../column.ts';
import { concatCols, nullCol, takeCol } from '../column.ts';
import type { AggFn, StateField } from './agg-fn.ts';
import { growI32, growU8 } from './agg-fn.ts';

export class FirstAgg implements AggFn {
  readonly stateFields: readonly StateField[];
  private set = new Uint8Array(64);
  private chunkOf = new Int32Array(64);
  private rowOf = new Int32Array(64);
  private chunks: Col[] = [];
  private readonly type: ColType;
  constructor(type: ColType) {
    this.type = type;
    this.stateFields = [{ suffix: 'first', type }, { suffix: 'set', type: 'bool' }];
  }
  private take(gids: Int32Array, input: Col, groups: number, isSet: Col | null): void {
    this.set = growU8(this.set, groups); this.chunkOf = growI32(this.chunkOf, groups); this.rowOf = growI32(this.rowOf, groups);
    const rows: number[] = [];
    const setV = isSet ? (isSet.values as Uint8Array) : null;
    for (let i = 0; i < gids.length; i++) {
      const g = gids[i]!;
      if (this.set[g] || (setV && !setV[i])) continue;
      this.set[g] = 1; this.chunkOf[g] = this.chunks.length; this.rowOf[g] = rows.length; rows.push(i);
    }
    if (rows.length) this.chunks.push(takeCol(input, Int32Array.from(rows)));
  }
  update(gids: Int32Array, input: Col | null, groups: number): void {
    this.take(gids, input ?? nullCol(this.type, gids.length), groups, null);
  }
  merge(gids: Int32Array, state: readonly Col[], groups: number): void { this.take(gids, state[0]!, groups, state[1]!); }
  extraGroups(): Int32Array { return new Int32Array(0); }
  private column(rows: number, groups: number): Col {
    const all = this.chunks.length ? concatCols(this.chunks, this.type) : nullCol(this.type, 0);
    const starts: number[] = []; let at = 0;
    for (const c of this.chunks) { starts.push(at); at += c.length; }
    const idx = new Int32Array(rows).fill(-1);
    for (let g = 0; g < groups; g++) if (this.set[g]) idx[g] = starts[this.chunkOf[g]!]! + this.rowOf[g]!;
    return all.length ? takeCol(all, idx) : nullCol(this.type, rows);
  }
  emitState(rows: number, groups: number): Col[] {
    const set = new Uint8Array(rows); set.set(this.set.subarray(0, groups));
    return [this.column(rows, groups), { type: 'bool', length: rows, valid: null, values: set }];
  }
  result(groups: number): Col { return this.column(groups, groups); }
}
