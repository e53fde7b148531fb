// Distinct, in two phases like the aggregate: one entry per distinct row seen.

import type { RecordBatch } from 'apache-arrow';
import type { DistinctOp } from '../../physical/physical-types.ts';
import type { OpenInput, PhysicalOperator } from './contract.ts';

const load = () => import('../../compute/distinct.ts');

async function* distinct(op: DistinctOp, open: OpenInput): AsyncGenerator<RecordBatch> {
  const d = (await load()).makeDistinct(op.columns, op.schema);
  const acc = op.phase === 'partial' ? d.createPartial() : d.createFinal();
  for await (const b of open(op.input)) acc.consume(b);
  yield* acc.finish();
}

export const distinctOperator: PhysicalOperator<'distinct'> = {
  inputs: (op) => [{ op: op.input, reads: 'whole' }], holds: () => 'per key', emits: 'at end', load,
  run: (op, _ctx, open) => distinct(op, open),
};
