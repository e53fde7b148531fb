// Project: evaluates the items over each batch.

import type { RecordBatch } from 'apache-arrow';
import { projectBatch } from '../../compute/eval-expr.ts';
import type { ProjectOp } from '../../physical/physical-types.ts';
import { streams, type OpenInput, type PhysicalOperator } from './contract.ts';

async function* project(op: ProjectOp, open: OpenInput): AsyncGenerator<RecordBatch> {
  for await (const b of open(op.input)) yield projectBatch(b, op.items, op.schema);
}

export const projectOperator: PhysicalOperator<'project'> = {
  inputs: (op) => streams(op.input), holds: () => 'nothing', emits: 'per batch',
  run: (op, _ctx, open) => project(op, open),
};
