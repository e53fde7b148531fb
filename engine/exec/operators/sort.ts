// Sort of one partition: a top-k when it has a limit (about k candidate rows held, never its
// whole input: W5 keeps 100 of 10M rows), else every batch collected and sorted; under a task
// memory budget, an external merge sort (spill/external-sort.ts). A top-k never spills.

import type { RecordBatch } from 'apache-arrow';
import type { SortOp } from '../../physical/physical-types.ts';
import { collect, type OpContext, type OpenInput, type PhysicalOperator } from './contract.ts';
import { isBounded } from './spill/bounded.ts';

export const loadSort = () => import('../../compute/sort.ts');

const hasLimit = (op: SortOp): boolean => op.limit !== undefined && op.limit > 0;

async function* sort(op: SortOp, ctx: OpContext, open: OpenInput): AsyncGenerator<RecordBatch> {
  if (hasLimit(op)) {
    const top = (await loadSort()).makeTopK(op.keys, op.limit!);
    for await (const b of open(op.input)) top.consume(b);
    const best = top.finish();
    if (best) yield best;
    return;
  }
  if (isBounded(ctx.memory)) {
    yield* (await import('./spill/external-sort.ts')).externalSort(open(op.input), op.keys, ctx.memory, op.nodeId);
    return;
  }
  const batches = await collect(open(op.input));
  if (batches.length > 0) yield (await loadSort()).sortBatches(batches, op.keys, op.limit);
}

export const sortOperator: PhysicalOperator<'sort'> = {
  inputs: (op) => [{ op: op.input, reads: 'whole' }],
  holds: (op) => (hasLimit(op) ? 'k rows' : 'whole input'),
  emits: 'at end', load: loadSort,
  run: (op, ctx, open) => sort(op, ctx, open),
};
