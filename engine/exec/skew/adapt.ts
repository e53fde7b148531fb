// The executor's adaptive decisions for a stage whose input stages are done (the map side), as
// Spark's adaptive execution: which skewed shuffle-join partitions to split into sub-tasks
// (split-join.ts, split-run.ts) and which tiny partitions to coalesce into one task
// (coalesce.ts). Each decision is reported as a mitigation; execute.ts runs the tasks.

import type { PhysicalPlan, Stage } from '../../physical/physical-types.ts';
import type { ExchangeStore } from '../exchange-store.ts';
import type { ExecuteOptions } from '../execute.ts';
import type { HotKey } from '../key-sampler.ts';
import type { RunReporter } from '../run-reporter.ts';
import { DEFAULT_SKEW_FACTOR, DEFAULT_SKEW_MIN_ROWS, spread } from '../stage-summary.ts';
import { DEFAULT_COALESCE_TARGET_ROWS, coalesceMitigation, coalescibleReads, planCoalesce } from './coalesce.ts';
import { planSkewSplits, splittableJoin, type SplittableJoin } from './split-join.ts';
import { entryRows, sampleHotKey, subTasks, type SubTask } from './split-run.ts';

/** What the decisions read: the plan, the finished stages' exchange data, where to report. */
export interface AdaptiveRun {
  readonly plan: PhysicalPlan;
  readonly exchanges: ExchangeStore;
  readonly report: RunReporter;
  readonly opts: Pick<ExecuteOptions, 'skewMitigation' | 'skewFactor' | 'skewMinRows' | 'coalesceTargetRows'>;
  /** Tasks that run at once (the pool's threads, or 1 in this thread). */
  readonly threads: number;
}

/** The skewed probe partitions of a shuffle join stage to split, with the sub-tasks of each; the
 *  exchange store counts the extra readers (every sub-task reads the whole build partition). */
export function planJoinSplit(stage: Stage, run: AdaptiveRun): JoinSplit | undefined {
  if (run.opts.skewMitigation === false) return undefined;
  const sj = splittableJoin(stage);
  if (!sj) return undefined;
  const lists = run.exchanges.listsOf(sj.probeRead.fromStage);
  const totals = lists.map((l) => l.reduce((n, e) => n + entryRows(e), 0));
  const counts = planSkewSplits(totals, {
    factor: run.opts.skewFactor ?? DEFAULT_SKEW_FACTOR, minRows: run.opts.skewMinRows ?? DEFAULT_SKEW_MIN_ROWS,
    // More sub-tasks than threads run in waves and only replicate the build side more often.
    maxSplit: Math.min(stage.partitions, run.threads),
  });
  if (counts.size === 0) return undefined;
  const subs = new Map<number, SubTask[]>();
  const hot = new Map<number, HotKey>();
  const buildRows = new Map<number, number>();
  for (const [p, k] of counts) {
    const tasks = subTasks(lists[p]!.map(entryRows), k);
    if (tasks.length < 2) continue;
    subs.set(p, tasks);
    const h = sampleHotKey(lists[p]!, sj.probeRead.sampleKeys ?? []);
    if (h) hot.set(p, h);
    buildRows.set(p, run.exchanges.addReaders(stage, p, tasks.length - 1, sj.probeRead.id));
  }
  return subs.size > 0 ? { join: sj, subs, hot, buildRows, median: spread(totals).median } : undefined;
}

/** Adjacent tiny partitions of a stage after a shuffle, grouped into one task each (split
 *  partitions stay alone); the decision is reported at once. */
export function planCoalescing(stage: Stage, split: JoinSplit | undefined, run: AdaptiveRun): Coalesced | undefined {
  if (run.opts.skewMitigation === false) return undefined;
  const reads = coalescibleReads(stage, run.plan);
  if (!reads) return undefined;
  const rows = Array.from({ length: stage.partitions }, (_, p) =>
    reads.reduce((n, r) => n + (run.exchanges.listsOf(r.fromStage)[p] ?? []).reduce((k, e) => k + entryRows(e), 0), 0));
  const target = run.opts.coalesceTargetRows ?? DEFAULT_COALESCE_TARGET_ROWS;
  const plan = planCoalesce(rows, target, new Set(split?.subs.keys() ?? []));
  const m = coalesceMitigation(stage, reads[0]!.nodeId, plan, rows, target);
  if (!m) return undefined;
  run.report.mitigated(stage, m);
  const groups = new Map(plan.filter((g) => g.length > 1).map((g) => [g[0]!, g]));
  return { groups, member: new Set([...groups.values()].flatMap((g) => g.slice(1))), rows };
}

export interface JoinSplit {
  readonly join: SplittableJoin;
  readonly subs: ReadonlyMap<number, readonly SubTask[]>;
  readonly hot: ReadonlyMap<number, HotKey>;
  /** Rows every sub-task of a split partition reads in full (its build side and broadcasts). */
  readonly buildRows: ReadonlyMap<number, number>;
  readonly median: number;
}

export interface Coalesced {
  /** The groups of two or more partitions, keyed by their first partition (which runs the task). */
  readonly groups: ReadonlyMap<number, readonly number[]>;
  /** The other partitions of the groups: no task of their own. */
  readonly member: ReadonlySet<number>;
  /** Rows each partition reads from the exchanges (before coalescing). */
  readonly rows: readonly number[];
}
