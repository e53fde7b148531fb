// Aggregate: partial aggregation in the producing stage, a hash exchange on the group keys (a
// gather without keys), final aggregation in the next stage. When the input is already in one
// partition, or hash-partitioned on a subset of the keys, both phases run in place.

import type { AggregateNode } from '../logical/plan.ts';
import { hashedWithin, placeholder, type PlanContext, type Pipe } from './plan-context.ts';
import type { AggregateOp } from './physical-types.ts';
import { planNode } from './planner.ts';
import { planTwoLevelCountDistinct, twoLevelColumn } from './plan-count-distinct.ts';

export function planAggregate(ctx: PlanContext, node: AggregateNode): Pipe {
  const input = planNode(ctx, node.input);
  const stripped: AggregateNode = { ...node, input: placeholder(node.input) };
  const inputSchema = node.input.schema;
  const local = input.partitions <= 1 || hashedWithin(input.partitioning, node.groupBy);
  // A hot key's distinct values would all land in its one final partition: two levels instead.
  const counted = local || !ctx.twoLevelDistinct ? undefined : twoLevelColumn(node);
  if (counted !== undefined) return planTwoLevelCountDistinct(ctx, node, input, counted);
  const partial = ctx.op<AggregateOp>({
    kind: 'aggregate', phase: 'partial', nodeId: node.nodeId, schema: node.schema, final: false,
    input: input.op, node: stripped, inputSchema,
  });
  let exchanged: Pipe;
  if (local) exchanged = { ...input, op: partial };
  else if (node.groupBy.length === 0) exchanged = ctx.gather({ ...input, op: partial }, node.nodeId);
  else exchanged = ctx.hashExchange({ ...input, op: partial }, node.groupBy, ctx.partitions, node.nodeId);
  const final = ctx.op<AggregateOp>({
    kind: 'aggregate', phase: 'final', nodeId: node.nodeId, schema: node.schema, final: true,
    input: exchanged.op, node: stripped, inputSchema,
  });
  return { ...exchanged, op: final };
}
