// Applies a stage to every batch of its input (narrow), with the fitted model read from its
// broadcast (absent for stages without fit); `port` is the output port (feature.split's side).

import type { RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../../errors.ts';
import type { MlApplyOp } from '../../physical/physical-types.ts';
import type { FittedModel } from '../../ml/stage.ts';
import { collect, type InputUse, type OpenInput, type PhysicalOperator } from './contract.ts';
import { loadMl, modelOf, stageOf } from './ml-stages.ts';

async function* mlApply(op: MlApplyOp, open: OpenInput): AsyncGenerator<RecordBatch> {
  const ml = await loadMl();
  const stage = stageOf(op.nodeId, op.stage.kind, ml.mlStage);
  if (!stage.apply) throw new NodeExecutionError(op.nodeId, `${op.stage.kind} '${op.nodeId}' has no apply, yet the plan applies it: a planner bug`);
  const model = op.model ? modelOf(op, ml.readJsonBatches<FittedModel>(await collect(open(op.model)))) : undefined;
  for await (const b of open(op.input)) yield stage.apply(op.stage, model, b, op.port);
}

export const mlApplyOperator: PhysicalOperator<'mlApply'> = {
  inputs: (op): InputUse[] => [
    ...(op.model ? [{ op: op.model, reads: 'whole' as const }] : []),
    { op: op.input, reads: 'stream' },
  ],
  holds: () => 'nothing', emits: 'per batch', load: loadMl,
  run: (op, _ctx, open) => mlApply(op, open),
};
