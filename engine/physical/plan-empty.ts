// Empty relation (an always-false filter folded away): a leaf that yields no batch.

import type { EmptyNode } from '../logical/plan.ts';
import type { PlanContext, Pipe } from './plan-context.ts';
import type { EmptyOp } from './physical-types.ts';

export function planEmpty(ctx: PlanContext, node: EmptyNode): Pipe {
  const op = ctx.op<EmptyOp>({ kind: 'empty', nodeId: node.nodeId, schema: node.schema, final: true });
  return { op, partitions: 1, partitioning: { kind: 'single' } };
}
