// Coalescing tiny partitions after a shuffle (as Spark's CoalesceShufflePartitions): once the
// stages a stage reads are done, the rows routed to each of its partitions are known; adjacent
// partitions under the target size are grouped so one task reads several (fewer tasks, fewer
// worker hops for small data). Every partition-mode read of the stage takes the same groups, so
// rows of equal keys still meet in one task (hash exchanges on the same keys stay co-partitioned)
// and a group's input is its partitions' inputs in partition order.

import type { CoalesceMitigation } from '../events.ts';
import { opsOf, type PhysicalPlan, type ReadOp, type Stage } from '../../physical/physical-types.ts';
import { formatCount } from './format-count.ts';

/** A group under this many rows is tiny; the skew rule's minimum size (stage-summary.ts). */
export const DEFAULT_COALESCE_TARGET_ROWS = 10_000;

/** The partition-mode reads of `stage` when its partitions may be coalesced: the stage reads a
 *  hash or round-robin exchange, has no scan (a scan's splits are per partition) and no fit, and
 *  its output does not promise partition p to partition p of a later stage (forward) nor goes to
 *  a sink written in the main thread. */
export function coalescibleReads(stage: Stage, plan: PhysicalPlan): ReadOp[] | undefined {
  if (stage.inMain || stage.partitions <= 1) return undefined;
  const out = stage.output.kind;
  if (out === 'forward' || out === 'sink') return undefined;
  const ops = opsOf(stage.root);
  if (ops.some((o) => o.kind === 'scan' || o.kind === 'mlFit')) return undefined;
  const reads = ops.filter((o): o is ReadOp => o.kind === 'read' && o.mode === 'partition');
  const shuffled = reads.some((r) => {
    const kind = plan.stages[r.fromStage]?.output.kind;
    return kind === 'hash' || kind === 'round-robin';
  });
  return shuffled ? reads : undefined;
}

/** Adjacent partitions grouped while a group holds at most `targetRows` rows; partitions in
 *  `apart` (split ones) and partitions at or over the target stay alone. Every partition is in
 *  exactly one group, groups in partition order. */
export function planCoalesce(rows: readonly number[], targetRows: number, apart: ReadonlySet<number> = new Set()): number[][] {
  const groups: number[][] = [];
  let open: number[] = [];
  let held = 0;
  const close = (): void => {
    if (open.length > 0) groups.push(open);
    open = [];
    held = 0;
  };
  rows.forEach((r, p) => {
    if (apart.has(p) || r >= targetRows) {
      close();
      groups.push([p]);
      return;
    }
    if (held + r > targetRows) close();
    open.push(p);
    held += r;
  });
  close();
  return groups;
}

export function coalesceMitigation(
  stage: Stage, nodeId: string, groups: readonly (readonly number[])[], rows: readonly number[], targetRows: number,
): CoalesceMitigation | undefined {
  const merged = groups.filter((g) => g.length > 1).map((g) => ({ partitions: [...g], rows: g.reduce((n, p) => n + (rows[p] ?? 0), 0) }));
  if (merged.length === 0) return undefined;
  const list = merged.map((g) => `${range(g.partitions)} (${formatCount(g.rows)} rows)`).join(', ');
  return {
    kind: 'coalesce', stageId: stage.id, nodeId, partition: merged[0]!.partitions[0]!, partitions: stage.partitions, tasks: groups.length,
    groups: merged, targetRows,
    message: `'${nodeId}': stage ${stage.id}'s ${stage.partitions} partitions ran as ${groups.length} task${groups.length === 1 ? '' : 's'}: tiny partitions after the shuffle ` +
      `coalesced, each group read by one task (at most ${formatCount(targetRows)} rows a group): partitions ${list}`,
  };
}

/** "3-5" for adjacent partitions 3, 4, 5. */
export function range(partitions: readonly number[]): string {
  return partitions.length > 1 ? `${partitions[0]}-${partitions[partitions.length - 1]}` : `${partitions[0]}`;
}
