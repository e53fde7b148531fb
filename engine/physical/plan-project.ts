// Project (select, derive, fillNulls): narrow. A hash partitioning survives when its key columns
// are passed through unchanged under the same names.

import type { ProjectNode } from '../logical/plan.ts';
import type { PlanContext, Pipe, Partitioning } from './plan-context.ts';
import type { ProjectOp } from './physical-types.ts';
import { planNode } from './planner.ts';

export function planProject(ctx: PlanContext, node: ProjectNode): Pipe {
  const input = planNode(ctx, node.input);
  const op = ctx.op<ProjectOp>({ kind: 'project', nodeId: node.nodeId, schema: node.schema, final: true, input: input.op, items: node.items });
  return { op, partitions: input.partitions, partitioning: keptPartitioning(input.partitioning, node) };
}

function keptPartitioning(p: Partitioning, node: ProjectNode): Partitioning {
  if (p.kind !== 'hash') return p;
  const passed = p.keys.every((k) => node.items.some((i) => i.name === k && i.expr.kind === 'column' && i.expr.name === k));
  return passed ? p : { kind: 'any' };
}
