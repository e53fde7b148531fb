// Distinct, in two phases like the aggregate: one entry per distinct row seen. Under a task
// memory budget it emits kept rows batch by batch and spills by key hash (spill/hash-spill.ts).

import type { RecordBatch } from 'apache-arrow';
import type { DistinctOp } from '../../physical/physical-types.ts';
import type { OpContext, OpenInput, PhysicalOperator } from './contract.ts';
import { isBounded } from './spill/bounded.ts';

const load = () => import('../../compute/distinct.ts');

async function* distinct(op: DistinctOp, ctx: OpContext, open: OpenInput): AsyncGenerator<RecordBatch> {
  const d = (await load()).makeDistinct(op.columns, op.schema);
  if (isBounded(ctx.memory)) {
    const spill = await import('./spill/hash-spill.ts');
    const input = (async function* () { for await (const batch of open(op.input)) yield { batch, sel: null }; })();
    yield* spill.hashWithSpill(input, {
      make: d.createFinal, bytesPerGroup: 0, bytesPerRow: 0, emitsAsItGoes: true,
    }, ctx.memory, op.nodeId);
    return;
  }
  const acc = op.phase === 'partial' ? d.createPartial() : d.createFinal();
  for await (const b of open(op.input)) acc.consume(b);
  yield* acc.finish();
}

export const distinctOperator: PhysicalOperator<'distinct'> = {
  inputs: (op) => [{ op: op.input, reads: 'whole' }], holds: () => 'per key', emits: 'at end', load,
  run: (op, ctx, open) => distinct(op, ctx, open),
};
