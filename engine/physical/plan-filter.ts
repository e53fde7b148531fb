// Filter: narrow, stays in its input's stage and keeps its partitioning. A part of a filter the
// optimizer moved down is not its node's final operator: the node's rows are counted where it stands.

import type { FilterNode } from '../logical/plan.ts';
import type { PlanContext, Pipe } from './plan-context.ts';
import type { FilterOp } from './physical-types.ts';
import { planNode } from './planner.ts';

export function planFilter(ctx: PlanContext, node: FilterNode): Pipe {
  const input = planNode(ctx, node.input);
  const op = ctx.op<FilterOp>({ kind: 'filter', nodeId: node.nodeId, schema: node.schema, final: node.pushed !== true, input: input.op, condition: node.condition });
  return { ...input, op };
}
