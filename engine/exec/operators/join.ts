// Hash join: builds a table of the whole build side, then streams the probe side through it;
// with emitUnmatched, the build rows that never matched come last. Under a task memory budget,
// a build side that does not fit turns it into a grace hash join (spill/grace-join.ts).

import type { RecordBatch } from 'apache-arrow';
import type { JoinOp } from '../../physical/physical-types.ts';
import { collect, type OpContext, type OpenInput, type PhysicalOperator } from './contract.ts';
import { isBounded } from './spill/bounded.ts';

const load = () => import('../../compute/join.ts');

async function* join(op: JoinOp, ctx: OpContext, open: OpenInput): AsyncGenerator<RecordBatch> {
  if (isBounded(ctx.memory)) {
    yield* (await import('./spill/grace-join.ts')).graceJoin(op, ctx.memory, open(op.build), open(op.probe));
    return;
  }
  const kernel = (await load()).makeJoin(op.node, op.node.left.schema, op.node.right.schema);
  const table = kernel.build(await collect(open(op.build)), op.buildSide);
  for await (const b of open(op.probe)) yield kernel.probe(table, b);
  if (op.emitUnmatched) yield* kernel.unmatched(table);
}

export const joinOperator: PhysicalOperator<'join'> = {
  inputs: (op) => [{ op: op.build, reads: 'whole' }, { op: op.probe, reads: 'stream' }],
  holds: () => 'whole input', emits: 'per batch', load,
  run: (op, ctx, open) => join(op, ctx, open),
};
