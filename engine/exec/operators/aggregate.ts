// Aggregate, in two phases: the partial one per partition before the exchange (its input read as
// selections, selected.ts), the final one merging the partials after it. Holds one accumulator
// entry per group; under a task memory budget the table spills by key hash (spill/hash-spill.ts).

import type { RecordBatch } from 'apache-arrow';
import type { AggregateOp } from '../../physical/physical-types.ts';
import type { SelectedBatch } from '../../compute/eval-expr.ts';
import type { OpContext, OpenInput, PhysicalOperator } from './contract.ts';
import { isBounded } from './spill/bounded.ts';
import { openSelected } from './selected.ts';

const load = () => import('../../compute/aggregate.ts');
const loadSpill = () => import('./spill/hash-spill.ts');

/** Functions whose partial state grows with the rows, not the groups. */
const KEEPS_VALUES = new Set(['median', 'count_distinct']);

async function* aggregate(op: AggregateOp, ctx: OpContext, open: OpenInput): AsyncGenerator<RecordBatch> {
  const agg = (await load()).makeAggregate(op.node, op.inputSchema);
  const memory = ctx.memory;
  if (isBounded(memory) && op.node.groupBy.length > 0) {
    const spill = await loadSpill();
    const input: AsyncIterable<SelectedBatch> = op.phase === 'final' ? wholeBatches(open(op.input)) : openSelected(op.input, ctx, open);
    yield* spill.hashWithSpill(input, {
      make: op.phase === 'final' ? agg.createFinal : agg.createPartial,
      bytesPerGroup: spill.bytesPerGroupOf(agg.partialSchema.fields.slice(op.node.groupBy.length).map((f) => f.type)),
      bytesPerRow: op.node.aggregations.some((a) => KEEPS_VALUES.has(a.fn)) ? 24 : 0,
      emitsAsItGoes: false,
    }, memory, op.nodeId);
    return;
  }
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

async function* wholeBatches(batches: AsyncIterable<RecordBatch>): AsyncGenerator<SelectedBatch> {
  for await (const batch of batches) yield { batch, sel: null };
}

export const aggregateOperator: PhysicalOperator<'aggregate'> = {
  inputs: (op) => [{ op: op.input, reads: 'whole' }], holds: () => 'per key', emits: 'at end', load,
  run: (op, ctx, open) => aggregate(op, ctx, open),
};
