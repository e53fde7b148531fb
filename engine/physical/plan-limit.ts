// Limit: per-partition limit, gather in partition order, then the single-partition limit.
// Partition order is source order, so "the first N rows" do not depend on the partition count.

import type { LimitNode } from '../logical/plan.ts';
import type { PlanContext, Pipe } from './plan-context.ts';
import type { LimitOp } from './physical-types.ts';
import { planNode } from './planner.ts';

export function planLimit(ctx: PlanContext, node: LimitNode): Pipe {
  let input = planNode(ctx, node.input);
  if (input.partitions > 1) {
    const local = ctx.op<LimitOp>({ kind: 'limit', nodeId: node.nodeId, schema: node.schema, final: false, input: input.op, count: node.count });
    input = ctx.gather({ ...input, op: local }, node.nodeId);
  }
  const op = ctx.op<LimitOp>({ kind: 'limit', nodeId: node.nodeId, schema: node.schema, final: true, input: input.op, count: node.count });
  return { op, partitions: 1, partitioning: { kind: 'single' } };
}
