// Sort: each partition sorts its rows (top-k when the optimizer fused a limit), then one
// partition merges the sorted runs (k-way, keeping only `limit` rows for top-k).

import type { SortNode } from '../logical/plan.ts';
import type { PlanContext, Pipe } from './plan-context.ts';
import type { MergeOp, SortOp } from './physical-types.ts';
import { planNode } from './planner.ts';

export function planSort(ctx: PlanContext, node: SortNode): Pipe {
  const input = planNode(ctx, node.input);
  const limit = node.limit !== undefined ? { limit: node.limit } : {};
  const single = input.partitions <= 1;
  const sort = ctx.op<SortOp>({ kind: 'sort', nodeId: node.nodeId, schema: node.schema, final: single, input: input.op, keys: node.keys, ...limit });
  if (single) return { op: sort, partitions: 1, partitioning: { kind: 'single' } };
  const runs = ctx.gather({ ...input, op: sort }, node.nodeId);
  const merge = ctx.op<MergeOp>({ kind: 'merge', nodeId: node.nodeId, schema: node.schema, final: true, input: runs.op, keys: node.keys, ...limit });
  return { op: merge, partitions: 1, partitioning: { kind: 'single' } };
}
