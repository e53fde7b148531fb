// A fitting stage's saveTo: its fitted model written as a Spark ML folder (write-model.ts) once the
// fit is final, before any stage applies it. A failure names the node and the param.

import { NodeExecutionError } from '../../errors.ts';
import type { FittedModel, StageContext } from '../stage.ts';
import { toSparkStage } from './to-spark.ts';
import { saveSparkFolder } from './write-model.ts';

/** Saves `model` to ctx.params.saveTo (an absolute path, resolved and checked at lowering). */
export async function saveFittedModel(ctx: StageContext, model: FittedModel, runId: string): Promise<string> {
  const folder = ctx.params.saveTo as string;
  try {
    await saveSparkFolder(folder, { ...toSparkStage(model, ctx.params), origin: { runId, nodeId: ctx.nodeId, kind: ctx.kind } });
  } catch (e) {
    throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: param 'saveTo': cannot save the fitted model to '${folder}': ${(e as Error).message}`);
  }
  return folder;
}
