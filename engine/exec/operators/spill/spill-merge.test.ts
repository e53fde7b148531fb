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
import { externalSort, type SortSpillStats } from './external-sort.ts';
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

  it('writes each partition run as it comes (sliced as a partition external sort emits it), not sorted again', async () => {
    // Each partition's run arrives in slices of 2500 rows: 16 batches, 4 presorted chains.
    const sliced = runs.flatMap((run) => [0, 2500, 5000, 7500].map((at) => run.slice(at, at + 2500)));
    const unbounded = (await collect(mergeOperator.run(mergeOp(), context(mergeOp()), opener({ 1: runs })))).flatMap(rowsOf);
    const sm = spillMemory(128 * 1024);
    try {
      const stats: SortSpillStats = { runs: 0 };
      let maxHeld = 0;
      const out: ReturnType<typeof rowsOf> = [];
      for await (const b of externalSort((async function* () { yield* sliced; })(), keys, sm.memory, 'merge', stats)) {
        maxHeld = Math.max(maxHeld, sm.memory.held);
        out.push(...rowsOf(b));
      }
      expect(stats).toMatchObject({ runs: 4, presortedRuns: 4 });
      // No buffer held: what it held is the final merge's, which reads two runs at least however
      // small the share (merge-runs.ts), here in more than one pass.
      expect(stats.fanIn).toBe(2);
      expect(maxHeld).toBeGreaterThan(0);
      expect(diffRows(out, unbounded, true)).toBeNull();
      expect(sm.files()).toEqual([]);
    } finally { sm.cleanup(); }
  });

  it('an input whose batches are not sorted is still sorted in buffered runs', async () => {
    // The same rows, the partitions' runs cut and interleaved: batches sorted, but the chains are
    // 625 rows long, too short to be runs of their own.
    const pieces = runs.flatMap((run) => Array.from({ length: 16 }, (_, i) => run.slice(i * 625, (i + 1) * 625)));
    const shuffled = pieces.map((_, i) => pieces[(i * 5) % pieces.length]!);
    // A buffer holds many pieces, so many short chains.
    const sm = spillMemory(1024 * 1024);
    try {
      const stats: SortSpillStats = { runs: 0 };
      const out = (await collect(externalSort((async function* () { yield* shuffled; })(), keys, sm.memory, 'merge', stats))).flatMap(rowsOf);
      expect(stats.presortedRuns).toBe(0);
      expect(stats.runs).toBeGreaterThan(1);
      expect(diffRows(out, rowsOf(sortBatches(shuffled, keys)), true)).toBeNull();
      expect(sm.files()).toEqual([]);
    } finally { sm.cleanup(); }
  });
});
