// model.load: applies a model folder in Spark's ML persistence format (a stage, or a PipelineModel's
// stages in order), saved by Tributary's saveTo or by pyspark, with the same stages' applies a fit
// in the pipeline would use. The folder is read where the batch is scored (each worker once, again
// when a save replaced it); its schema was read when the document was compiled, and a folder that
// changed shape since is an error, not a silently different output.

import type { RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../../errors.ts';
import type { FeatureStage, StageContext } from '../stage.ts';
import { FEATURE_STAGES } from '../features/index.ts';
import type { LoadedStage } from '../spark/from-spark.ts';
import { loadModelFolder } from '../spark/load-folder.ts';
import { loadedSchemas } from '../spark/loaded-schema.ts';
import type { Schema } from '../../types.ts';
import { KMEANS } from './kmeans.ts';
import { LINEAR_REGRESSION } from './linear-regression.ts';
import { LOGISTIC_REGRESSION } from './logistic-regression.ts';

const APPLIERS: Readonly<Record<string, FeatureStage>> = {
  ...(FEATURE_STAGES as Record<string, FeatureStage>),
  'model.linearRegression': LINEAR_REGRESSION, 'model.logisticRegression': LOGISTIC_REGRESSION, 'model.kmeans': KMEANS,
};

function apply(ctx: StageContext, _model: unknown, batch: RecordBatch): RecordBatch {
  const path = ctx.params.path as string;
  let stages: LoadedStage[];
  try {
    stages = loadModelFolder(path);
  } catch (e) {
    throw new NodeExecutionError(ctx.nodeId, `model.load: param 'path': ${(e as Error).message}`);
  }
  const chain = loadedSchemas(stages, ctx.inputSchema);
  if ('error' in chain) throw new NodeExecutionError(ctx.nodeId, `model.load: param 'path': ${chain.error}`);
  const last = chain.schemas.at(-1) ?? ctx.inputSchema;
  if (!sameNames(last, ctx.outputSchema)) {
    throw new NodeExecutionError(ctx.nodeId, `model.load: the model folder '${path}' changed since the run was planned (it now outputs ${last.fields.map((f) => f.name).join(', ')}): run again`);
  }
  let out = batch;
  let schema = ctx.inputSchema;
  stages.forEach((st, i) => {
    const stage = APPLIERS[st.kind]!;
    const next = i === stages.length - 1 ? ctx.outputSchema : chain.schemas[i]!;
    const stageCtx: StageContext = { nodeId: ctx.nodeId, kind: `model.load (${st.kind} ${st.uid})`, params: st.params, fitSchema: schema, inputSchema: schema, outputSchema: next };
    out = stage.apply(stageCtx, st.model, out, 'out');
    schema = next;
  });
  return out;
}

function sameNames(a: Schema, b: Schema): boolean {
  return a.fields.length === b.fields.length && a.fields.every((f, i) => f.name === b.fields[i]!.name && f.type === b.fields[i]!.type);
}

export const MODEL_LOAD: FeatureStage = { apply };
