// What the ML operators (ml-fit.ts, ml-apply.ts, ml-metric.ts) share over the stage contract
// (engine/ml/stage.ts): the stages and the model's JSON batch load on first use, so a stage
// without ML pays for none of it.

import { NodeExecutionError } from '../../errors.ts';
import type { MlApplyOp, MlFitOp, MlMetricOp } from '../../physical/physical-types.ts';
import type { FittedModel, MlStage } from '../../ml/stage.ts';

export type MlOp = MlFitOp | MlApplyOp | MlMetricOp;

export const loadMl = async () => {
  const [registry, json] = await Promise.all([import('../../ml/registry.ts'), import('../../ml/json-batch.ts')]);
  return { mlStage: registry.mlStage, jsonBatch: json.jsonBatch, readJsonBatches: json.readJsonBatches };
};

export function stageOf(nodeId: string, kind: string, lookup: (kind: string) => MlStage | undefined): MlStage {
  const stage = lookup(kind);
  if (!stage) throw new NodeExecutionError(nodeId, `${kind} '${nodeId}' cannot run yet: this build has no ${kind} stage (engine/ml/registry.ts)`);
  return stage;
}

export function modelOf(op: MlOp, models: readonly FittedModel[]): FittedModel {
  if (models.length !== 1) throw new NodeExecutionError(op.nodeId, `${op.nodeId}: expected one fitted model, got ${models.length}: a planner bug`);
  return models[0]!;
}
