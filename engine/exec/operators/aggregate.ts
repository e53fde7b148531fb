// Aggregate, in two phases: the partial one per partition before the exchange (its input read as
// selections, selected.ts), the final one merging the partials after it. Holds one accumulator
// entry per group.

import type { RecordBatch } from 'apache-arrow';
import type { AggregateOp } from '../../physical/physical-types.ts';
import type { OpContext, OpenInput, PhysicalOperator } from './contract.ts';
import { openSelected } from './selected.ts';

const load = () => import('../../compute/aggregate.ts');

async function* aggregate(op: AggregateOp, ctx: OpContext, open: OpenInput): AsyncGenerator<RecordBatch> {
  const agg = (await load()).makeAggregate(op.node, op.inputSchema);
  if (op.phase === 'final') {
    const acc = agg.createFinal();
    for await (const b of open(op.input)) acc.consume(b);
    yield* acc.finish();
    return;
  }
  const acc = agg.createPartial();
  for await (const s of openSelected(op.input, ctx, open)) acc.consume(s.batch, s.sel, s.nonNull);
  yield* acc.finish();
}

export const aggregateOperator: PhysicalOperator<'aggregate'> = {
  inputs: (op) => [{ op: op.input, reads: 'whole' }], holds: () => 'per key', emits: 'at end', load,
  run: (op, ctx, open) => aggregate(op, ctx, open),
};
