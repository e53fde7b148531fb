// Sink: writes its input to a file (in the main thread, so that a cancelled or failed write
// removes its temp file); its rows are the rows it wrote, and it emits none.

import type { RecordBatch } from 'apache-arrow';
import type { SinkOp } from '../../physical/physical-types.ts';
import { PathRefusedError, resolveAllowed } from '../../path-policy.ts';
import type { OpContext, OpenInput, PhysicalOperator } from './contract.ts';

const load = () => import('../../io/write.ts');

async function* sink(op: SinkOp, ctx: OpContext, open: OpenInput): AsyncGenerator<RecordBatch> {
  // Judged again now: a folder on the way may have become a symlink since the plan was checked.
  if (op.pathPolicy && typeof op.options.path === 'string') {
    try {
      resolveAllowed(op.pathPolicy, '/', op.options.path);
    } catch (e) {
      if (e instanceof PathRefusedError) throw new PathRefusedError(`param 'path': ${e.message}`, 'path');
      throw e;
    }
  }
  ctx.sink = await (await load()).writeTableFile(op.format, open(op.input), op.schema, op.options);
  ctx.stats.stat(op.id).rows = ctx.sink.rows; // a sink's rows are the rows it wrote
}

export const sinkOperator: PhysicalOperator<'sink'> = {
  inputs: (op) => [{ op: op.input, reads: 'stream' }], holds: () => 'nothing', emits: 'nothing', load,
  run: (op, ctx, open) => sink(op, ctx, open),
};
