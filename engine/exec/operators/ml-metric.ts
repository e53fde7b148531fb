// model.evaluate's output: the one row { metric, value } of the FittedModel batch it reads.

import { Float64, type RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../../errors.ts';
import type { MlMetricOp } from '../../physical/physical-types.ts';
import type { FittedModel } from '../../ml/stage.ts';
import { fixedData, utf8Data } from '../../compute/arrow-build.ts';
import { makeBatch } from '../../compute/arrow-types.ts';
import { collect, type OpenInput, type PhysicalOperator } from './contract.ts';
import { loadMl, modelOf } from './ml-stages.ts';

async function* mlMetric(op: MlMetricOp, open: OpenInput): AsyncGenerator<RecordBatch> {
  const ml = await loadMl();
  yield metricRow(op, modelOf(op, ml.readJsonBatches<FittedModel>(await collect(open(op.input)))));
}

function metricRow(op: MlMetricOp, model: FittedModel): RecordBatch {
  const state = model.state as { metric?: unknown; value?: unknown } | null;
  if (!state || typeof state.metric !== 'string' || !(typeof state.value === 'number' || state.value === null)) {
    throw new NodeExecutionError(op.nodeId, `model.evaluate '${op.nodeId}': its fitted state must be { metric: string, value: number | null }, got ${JSON.stringify(model.state)}`);
  }
  const bytes = new TextEncoder().encode(state.metric);
  const metric = utf8Data(Int32Array.of(0, bytes.length), bytes, 1);
  const valid = state.value === null ? Uint8Array.of(0) : undefined;
  const value = fixedData(new Float64(), Float64Array.of(state.value ?? 0), 1, valid);
  return makeBatch(op.schema.fields, [metric, value], 1);
}

export const mlMetricOperator: PhysicalOperator<'mlMetric'> = {
  inputs: (op) => [{ op: op.input, reads: 'whole' }], holds: () => 'nothing', emits: 'at end', load: loadMl,
  run: (op, _ctx, open) => mlMetric(op, open),
};
