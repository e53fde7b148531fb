// Sink: the rows are gathered in partition order into a stage of their own that writes the file
// from the main thread (so a cancelled or failed write removes its temp file there).

import type { SinkNode } from '../logical/plan.ts';
import type { PlanContext, Pipe } from './plan-context.ts';
import type { SinkOp } from './physical-types.ts';
import { planNode } from './planner.ts';

export function planSink(ctx: PlanContext, node: SinkNode): Pipe {
  const input = ctx.gather(planNode(ctx, node.input), node.nodeId);
  const op = ctx.op<SinkOp>({
    kind: 'sink', nodeId: node.nodeId, schema: node.input.schema, final: true, input: input.op,
    format: node.format, options: node.options, ...(node.pathPolicy ? { pathPolicy: node.pathPolicy } : {}),
  });
  ctx.close({ op, partitions: 1, partitioning: { kind: 'single' } }, { kind: 'sink' }, true);
  return { op, partitions: 1, partitioning: { kind: 'single' } };
}
