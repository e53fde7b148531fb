// Union: narrow. Both branches' trees join one stage; partition p holds partition p of each
// branch (a branch with fewer partitions contributes nothing to the others).

import type { UnionNode } from '../logical/plan.ts';
import type { PlanContext, Pipe } from './plan-context.ts';
import type { UnionOp } from './physical-types.ts';
import { planNode } from './planner.ts';

export function planUnion(ctx: PlanContext, node: UnionNode): Pipe {
  const a = planNode(ctx, node.inputs[0]);
  const b = planNode(ctx, node.inputs[1]);
  const op = ctx.op<UnionOp>({ kind: 'union', nodeId: node.nodeId, schema: node.schema, final: true, inputs: [a.op, b.op], byName: node.byName });
  const partitions = Math.max(a.partitions, b.partitions);
  return { op, partitions, partitioning: partitions <= 1 ? { kind: 'single' } : { kind: 'any' } };
}
