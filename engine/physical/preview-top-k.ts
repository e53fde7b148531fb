// A sort's preview as its top rows (planner.ts): its own module, so the engine can ask without
// loading the planner (engine.ts loads it on first compile).

import type { LogicalPlan, SortNode } from '../logical/plan.ts';
import type { PhysicalPlanOptions } from './planner.ts';

/** A sort previewed for its first `limit` rows, stopping there: planned as its top `limit` rows
 *  (each partition keeps that many, the merge the best of them), which are exactly the rows the
 *  preview shows; the sort's row count is then left to the background count. */
export function previewTopK(node: LogicalPlan, target: PhysicalPlanOptions['target']): SortNode | undefined {
  if (target.kind !== 'preview' || target.stopAtLimit !== true || target.limit === undefined || node.op !== 'sort') return undefined;
  const limit = Math.max(1, Math.floor(target.limit));
  return node.limit !== undefined && node.limit <= limit ? undefined : { ...node, limit };
}
