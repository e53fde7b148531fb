// What the Model tab says of a model.load node's folder (main/api.ts model.describe): where it came
// from in words, and the names of each loaded stage's vector elements. A model stage's features
// are named by a VectorAssembler loaded before it in the same folder (a PipelineModel), else by
// the document upstream of the node (feature-names.ts).

import type { LoadedModelInfo } from '../../../main/api.ts';

type Stage = LoadedModelInfo['stages'][number];

/** org.apache.spark.ml.regression.LinearRegressionModel -> LinearRegressionModel. */
export const shortClass = (className: string): string => className.split('.').at(-1) ?? className;

export interface OriginLine {
  /** The run that saved it, when ours and in this history; its id when ours but not here. */
  readonly runId?: string;
  readonly text: string;
}

/** Where a folder (or one stage of it) came from, in one line. */
export function originLine(info: LoadedModelInfo, origin: Stage['origin'] | undefined, sparkVersion: string): OriginLine {
  if (!origin?.runId) return { text: `Saved by Spark ${sparkVersion || '(version not recorded)'}: no Tributary run in its metadata.` };
  const run = info.runs[origin.runId];
  const node = origin.nodeId ? ` by node ${origin.nodeId}${origin.kind ? ` (${origin.kind})` : ''}` : '';
  if (!run) return { runId: origin.runId, text: `Saved by Tributary run ${origin.runId}${node}; that run is not in this history.` };
  const when = run.finishedAt !== undefined ? `, finished ${new Date(run.finishedAt).toISOString().replace('T', ' ').slice(0, 19)} UTC` : '';
  return { runId: origin.runId, text: `Saved by run ${origin.runId}${node} of pipeline ${run.pipelineName} (${run.trigger}, ${run.state}${when}).` };
}

/** The params a stage names its columns with, as "name: value" lines, for stages without numbers. */
export function paramLines(stage: Stage): string[] {
  return Object.entries(stage.params).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`);
}

/**
 * Names of stage `i`'s input vector elements: the inputCols of the last VectorAssembler before it
 * in the folder that built its column, else `upstream(column)` (the document's names).
 */
export function loadedFeatureNames(stages: readonly Stage[], i: number,
  upstream: (column: string) => readonly (string | undefined)[] | undefined): readonly (string | undefined)[] | undefined {
  const stage = stages[i]!;
  const column = stage.params.featuresCol ?? stage.params.inputCol;
  if (typeof column !== 'string') return undefined;
  for (let j = i - 1; j >= 0; j--) {
    const s = stages[j]!;
    if (s.params.outputCol !== column) continue;
    if (s.kind === 'feature.vectorAssembler' && Array.isArray(s.params.inputCols)) return s.params.inputCols.map(String);
    return undefined; // built by another loaded stage: not named
  }
  return upstream(column);
}
