// count_distinct(col): nulls are not counted. Partial ships the distinct (group, value) pairs
// it saw as extra rows; final counts the pairs new to its own pair table.

import type { Col, ColType } from '../column.ts';
import { takeCol } from '../column.ts';
import { GroupTable } from '../group-table.ts';
import type { AggFn, StateField } from './agg-fn.ts';
import { growF64, toInt64 } from './agg-fn.ts';

export class CountDistinctAgg implements AggFn {
  readonly stateFields: readonly StateField[];
  private readonly pairs: GroupTable;
  private counts = new Float64Array(64);
  constructor(type: ColType) {
    this.stateFields = [{ suffix: 'value', type }];
    this.pairs = new GroupTable(['int32', type], false);
  }
  private add(gids: Int32Array, value: Col, groups: number): void {
    this.counts = growF64(this.counts, groups);
    if (value.type === 'null') return;
    const before = this.pairs.size;
    const ids = this.pairs.groupIds([{ type: 'int32', length: gids.length, valid: null, values: gids }, value]);
    let next = before;
    for (let i = 0; i < ids.length; i++) if (ids[i] === next) { this.counts[gids[i]!]!++; next++; }
  }
  update(gids: Int32Array, input: Col | null, groups: number): void { if (input) this.add(gids, input, groups); }
  merge(gids: Int32Array, state: readonly Col[], groups: number): void { this.add(gids, state[0]!, groups); }
  extraGroups(): Int32Array {
    return this.pairs.size ? (this.pairs.keyCols()[0]!.values as Int32Array) : new Int32Array(0);
  }
  emitState(rows: number, _groups: number, extraStart: number): Col[] {
    const values = this.pairs.keyCols()[1]!;
    const idx = new Int32Array(rows).fill(-1);
    for (let k = 0; k < this.pairs.size; k++) idx[extraStart + k] = k;
    return [takeCol(values, idx)];
  }
  result(groups: number): Col {
    return { type: 'int64', length: groups, valid: null, values: toInt64(this.counts, groups) };
  }
}
