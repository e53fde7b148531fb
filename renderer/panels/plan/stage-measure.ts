// What a finished (or running) run measured on one stage of the plan graph: its rows out, its
// slowest and median partition, whether it was skewed, and what the engine did about it. Pure,
// so the matching and the arithmetic are unit-tested. A run stage is matched to a plan stage by
// id and node ids: after an edit the plan may differ from the plan that ran, and a stage whose
// nodes changed shows no figures rather than someone else's.

import type { PlanGraph } from '../../../main/api.ts';
import type { StageView } from '../../run/run-state.ts';
import { mitigationsOf, type Mitigation } from '../skew/mitigation-text.ts';

type GraphStage = PlanGraph['stages'][number];

export interface StageMeasure {
  readonly partitionsDone: number;
  readonly partitions: number;
  readonly rowsOut: number;
  readonly slowestMs: number;
  readonly medianMs: number;
  readonly skewed: boolean;
  readonly skewedPartitions: readonly number[];
  readonly mitigations: readonly Mitigation[];
}

function sameNodes(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function stageMeasure(stage: GraphStage, runStages: readonly StageView[]): StageMeasure | undefined {
  const ran = runStages.find((s) => s.info.stageId === stage.id);
  if (!ran || !sameNodes(ran.info.nodeIds, stage.nodeIds)) return undefined;
  const done = ran.partitions.filter((p) => p !== undefined);
  if (done.length === 0) return undefined;
  const times = done.map((p) => p.durationMs).sort((a, b) => a - b);
  const median = (times[(times.length - 1) >> 1]! + times[times.length >> 1]!) / 2;
  return {
    partitionsDone: done.length, partitions: ran.partitions.length,
    rowsOut: done.reduce((a, p) => a + p.rowsOut, 0),
    slowestMs: times.at(-1)!, medianMs: median,
    skewed: ran.summary?.skewed ?? false, skewedPartitions: ran.summary?.skewedPartitions ?? [],
    mitigations: mitigationsOf(ran.summary),
  };
}

/** True when a run's stages exist but none matches the plan shown (the pipeline changed since). */
export function runIsStale(graph: PlanGraph, runStages: readonly StageView[]): boolean {
  return runStages.length > 0 && graph.stages.every((s) => stageMeasure(s, runStages) === undefined);
}
