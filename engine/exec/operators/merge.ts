// Merge: the k-way merge of sorted runs after a gather; each input batch is one partition's run.

import type { RecordBatch } from 'apache-arrow';
import type { MergeOp } from '../../physical/physical-types.ts';
import { collect, type OpenInput, type PhysicalOperator } from './contract.ts';
import { loadSort } from './sort.ts';

async function* merge(op: MergeOp, open: OpenInput): AsyncGenerator<RecordBatch> {
  const runs = (await collect(open(op.input))).filter((b) => b.numRows > 0);
  if (runs.length > 0) yield (await loadSort()).mergeSorted(runs, op.keys, op.limit);
}

export const mergeOperator: PhysicalOperator<'merge'> = {
  inputs: (op) => [{ op: op.input, reads: 'whole' }], holds: () => 'whole input', emits: 'at end', load: loadSort,
  run: (op, _ctx, open) => merge(op, open),
};
