// Hash join: builds a table of the whole build side, then streams the probe side through it;
// with emitUnmatched, the build rows that never matched come last. Under a task memory budget,
// a build side that does not fit turns it into a grace hash join (spill/grace-join.ts). A preview
// in the main thread finds the table in the warm engine's cache when it was built before
// (build-tables.ts), and leaves a table it builds there.

import type { RecordBatch } from 'apache-arrow';
import type { JoinOp } from '../../physical/physical-types.ts';
import { collect, type OpContext, type OpenInput, type PhysicalOperator } from './contract.ts';
import type { JoinTable } from '../../compute/join.ts';
import { batchBytes } from '../batch-utils.ts';
import { BUILD_COPIES } from './spill/build-copies.ts';
import { isBounded } from './spill/bounded.ts';

const load = () => import('../../compute/join.ts');

async function* join(op: JoinOp, ctx: OpContext, open: OpenInput): AsyncGenerator<RecordBatch> {
  const tables = ctx.buildTables?.cacheable(op.id) ? ctx.buildTables : undefined;
  const cached = tables?.table(op.id);
  const kernelOf = async () => (await load()).makeJoin(op.node, op.node.left.schema, op.node.right.schema);
  if (cached) {
    const kernel = await kernelOf();
    // The build side's stage may not have run (execute.ts skips it): its input is not read.
    for await (const b of open(op.probe)) yield kernel.probe(cached, b);
    return;
  }
  const keep = tables ? (table: JoinTable, bytes: number) => tables.keep(op.id, table, bytes) : undefined;
  if (isBounded(ctx.memory)) {
    yield* (await import('./spill/grace-join.ts')).graceJoin(op, ctx.memory, open(op.build), open(op.probe), undefined, keep);
    return;
  }
  const kernel = await kernelOf();
  const build = await collect(open(op.build));
  const table = kernel.build(build, op.buildSide);
  keep?.(table, BUILD_COPIES * build.reduce((n, b) => n + batchBytes(b), 0));
  for await (const b of open(op.probe)) yield kernel.probe(table, b);
  if (op.emitUnmatched) yield* kernel.unmatched(table);
}

export const joinOperator: PhysicalOperator<'join'> = {
  inputs: (op) => [{ op: op.build, reads: 'whole' }, { op: op.probe, reads: 'stream' }],
  holds: () => 'whole input', emits: 'per batch', load,
  run: (op, ctx, open) => join(op, ctx, open),
};
