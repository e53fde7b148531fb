// model.describe (main/api.ts): what the folder of a model.load node holds and where it came
// from, for the studio's Model tab. The node's path param resolves as a run would resolve it (the
// pipeline's folder, the studio's path policy); the runs named in the folder's metadata (a stage
// saved by Tributary's saveTo) are looked up in the run history.

import type { LoadedModelInfo, PipelineDocument } from '../api.ts';
import { resolveAllowed, type PathPolicy } from '../../engine/path-policy.ts';
import { describeModelFolder } from '../../engine/ml/spark/describe-folder.ts';
import type { RunStore } from './runs/run-store.ts';

export function describeLoadNode(
  document: PipelineDocument, nodeId: string, paths: { baseDir: string; pathPolicy: PathPolicy }, history: RunStore,
): LoadedModelInfo {
  const node = document.nodes.find((n) => n.id === nodeId);
  if (!node) throw new Error(`there is no node '${nodeId}' in the pipeline`);
  if (node.kind !== 'model.load') throw new Error(`node '${nodeId}' is a ${node.kind}, not a model.load: only a loaded model is described`);
  const requested = node.params?.path;
  if (typeof requested !== 'string' || requested === '') throw new Error(`model.load '${nodeId}': set its param 'path' to a model folder`);
  let view;
  try {
    view = describeModelFolder(resolveAllowed(paths.pathPolicy, paths.baseDir, requested));
  } catch (e) {
    throw new Error(`model.load '${nodeId}': param 'path': ${(e as Error).message}`);
  }
  const runIds = new Set([view.origin?.runId, ...view.stages.map((s) => s.origin?.runId)].filter((id): id is string => typeof id === 'string'));
  const runs: Record<string, NonNullable<LoadedModelInfo['runs']>[string]> = {};
  for (const id of runIds) {
    const run = history.get(id);
    if (run) {
      runs[id] = {
        pipeline: run.pipeline, pipelineName: run.pipelineName, state: run.state, trigger: run.trigger,
        ...(run.finishedAt !== undefined ? { finishedAt: run.finishedAt } : {}),
      };
    }
  }
  return { ...view, runs };
}
