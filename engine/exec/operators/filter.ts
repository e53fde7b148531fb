// Filter: keeps the rows where the condition is true, batch by batch.

import type { RecordBatch } from 'apache-arrow';
import { filterBatch } from '../../compute/eval-expr.ts';
import type { FilterOp } from '../../physical/physical-types.ts';
import { streams, type OpenInput, type PhysicalOperator } from './contract.ts';

async function* filter(op: FilterOp, open: OpenInput): AsyncGenerator<RecordBatch> {
  for await (const b of open(op.input)) yield filterBatch(b, op.condition);
}

export const filterOperator: PhysicalOperator<'filter'> = {
  inputs: (op) => streams(op.input), holds: () => 'nothing', emits: 'per batch',
  run: (op, _ctx, open) => filter(op, open),
};
