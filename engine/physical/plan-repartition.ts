// Repartition: a hash exchange on `by`, or round-robin without keys, into `partitions`.

import type { RepartitionNode } from '../logical/plan.ts';
import type { PlanContext, Pipe } from './plan-context.ts';
import { planNode } from './planner.ts';

export function planRepartition(ctx: PlanContext, node: RepartitionNode): Pipe {
  const input = planNode(ctx, node.input);
  const partitions = Math.max(1, Math.floor(node.partitions || ctx.partitions));
  if (node.by.length > 0) return ctx.hashExchange(input, node.by, partitions, node.nodeId, true);
  const stageId = ctx.close(input, { kind: 'round-robin', partitions });
  return ctx.read(stageId, {
    nodeId: node.nodeId, schema: node.schema, final: true, mode: 'partition', partitions,
    partitioning: partitions === 1 ? { kind: 'single' } : { kind: 'any' },
  });
}
