// The merge after a gather under a memory budget: the sorted runs of the partitions go through
// the external sort instead of being collected whole, and give the in-memory merge's rows in its
// order (ties included).

import { describe, expect, it } from 'vitest';
import type { SortKey } from '../../../logical/plan.ts';
import type { MergeOp } from '../../../physical/physical-types.ts';
import { type ColumnSpec, randomValues, rng, rowsOf } from '../../../compute/batches.test-helper.ts';
import { diffRows } from '../../../compute/duckdb.test-helper.ts';
import { sortBatches } from '../../../compute/sort.ts';
import { collect } from '../contract.ts';
import { mergeOperator } from '../merge.ts';
import { batchesOf, context, inputOp, opener, schemaOf, spillMemory } from './spill.test-helper.ts';

const N = 40_000;
const r = rng(17);
const specs: ColumnSpec[] = [
  { name: 'c', type: 'string', values: randomValues('string', N, r, { distinct: 12, nullRate: 0.05 }), dictionary: true },
  { name: 'k', type: 'int32', values: randomValues('int32', N, r, { distinct: 40, nullRate: 0.05 }) },
  // The input position: ties on the keys must come out in partition order, as the merge gives them.
  { name: 'pos', type: 'int32', values: Array.from({ length: N }, (_, i) => i) },
];
const schema = schemaOf(specs);
const keys: SortKey[] = [{ column: 'k', descending: true, nullsFirst: false }, { column: 'c', descending: false, nullsFirst: true }];
// Four partitions' sorted runs, in partition order.
const runs = [0, 1, 2, 3].map((p) => sortBatches(batchesOf(specs, N / 4).slice(p, p + 1), keys));
const mergeOp = (limit?: number): MergeOp => ({ kind: 'merge', id: 2, nodeId: 'merge', final: true, schema, input: inputOp(1, schema), keys, ...(limit ? { limit } : {}) } as MergeOp);

describe('merge under a memory budget', () => {
  it('spills, then gives the in-memory merge rows in the same order, and leaves no file', async () => {
    const op = mergeOp();
    const unbounded = (await collect(mergeOperator.run(op, context(op), opener({ 1: runs })))).flatMap(rowsOf);
    const sm = spillMemory(128 * 1024);
    try {
      const bounded = (await collect(mergeOperator.run(op, context(op, sm.memory), opener({ 1: runs })))).flatMap(rowsOf);
      expect(sm.memory.spilledBytes).toBeGreaterThan(0);
      expect(bounded.length).toBe(N);
      expect(diffRows(bounded, unbounded, true)).toBeNull();
      expect(sm.files()).toEqual([]);
      expect(sm.memory.held).toBe(0);
    } finally { sm.cleanup(); }
  });

  it('a top-k merge keeps its k rows in memory', async () => {
    const op = mergeOp(50);
    const sm = spillMemory(16 * 1024);
    try {
      const out = (await collect(mergeOperator.run(op, context(op, sm.memory), opener({ 1: runs })))).flatMap(rowsOf);
      expect(out.length).toBe(50);
      expect(sm.memory.spilledBytes).toBe(0);
    } finally { sm.cleanup(); }
  });
});
