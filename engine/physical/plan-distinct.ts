// Distinct: like aggregate, partial (first row per key) per partition, hash exchange on the
// distinct columns, final (first row per key, partitions in order) after it.

import type { DistinctNode } from '../logical/plan.ts';
import { hashedWithin, type PlanContext, type Pipe } from './plan-context.ts';
import type { DistinctOp } from './physical-types.ts';
import { planNode } from './planner.ts';

export function planDistinct(ctx: PlanContext, node: DistinctNode): Pipe {
  const input = planNode(ctx, node.input);
  const columns = node.columns.length > 0 ? node.columns : node.schema.fields.map((f) => f.name);
  const common = { kind: 'distinct', nodeId: node.nodeId, schema: node.schema, columns } as const;
  const partial = ctx.op<DistinctOp>({ ...common, phase: 'partial', final: false, input: input.op });
  const local = input.partitions <= 1 || hashedWithin(input.partitioning, columns);
  const exchanged = local ? { ...input, op: partial } : ctx.hashExchange({ ...input, op: partial }, columns, ctx.partitions, node.nodeId);
  const final = ctx.op<DistinctOp>({ ...common, phase: 'final', final: true, input: exchanged.op });
  return { ...exchanged, op: final };
}
