// Merge: the k-way merge of sorted runs after a gather; each input batch is one partition's run.
// Under a task memory budget (and without a limit: a top-k's runs are k rows each), the runs go
// through the external merge sort instead of being collected: it buffers what fits, writes
// sorted runs to disk and merges them one slice per run (spill/external-sort.ts). The input
// arrives in partition order and that sort is stable, so ties keep the in-memory merge's order.

import type { RecordBatch } from 'apache-arrow';
import type { MergeOp } from '../../physical/physical-types.ts';
import { collect, type OpContext, type OpenInput, type PhysicalOperator } from './contract.ts';
import { loadSort } from './sort.ts';
import { isBounded } from './spill/bounded.ts';

async function* merge(op: MergeOp, ctx: OpContext, open: OpenInput): AsyncGenerator<RecordBatch> {
  if (op.limit === undefined && isBounded(ctx.memory)) {
    yield* (await import('./spill/external-sort.ts')).externalSort(open(op.input), op.keys, ctx.memory, op.nodeId);
    return;
  }
  const runs = (await collect(open(op.input))).filter((b) => b.numRows > 0);
  if (runs.length > 0) yield (await loadSort()).mergeSorted(runs, op.keys, op.limit);
}

export const mergeOperator: PhysicalOperator<'merge'> = {
  inputs: (op) => [{ op: op.input, reads: 'whole' }], holds: (op) => (op.limit === undefined ? 'whole input' : 'k rows'), emits: 'at end', load: loadSort,
  run: (op, ctx, open) => merge(op, ctx, open),
};
