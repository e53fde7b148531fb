// The ML operators over the stage contract (engine/ml/stage.ts): a fit's partial (a partition's
// rows -> statistics batches) and final (every partition's statistics -> the FittedModel, output
// as a one-row JSON batch), the narrow apply (with the model read from its broadcast), and
// model.evaluate's { metric, value } row. operators.ts loads this module on first use, and this
// module loads the stages (engine/ml) on first use: a stage without ML pays for none of it.

import type { RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../errors.ts';
import type { MlApplyOp, MlFitOp, MlMetricOp, PhysOp } from '../physical/physical-types.ts';
import type { FittedModel, MlStage } from '../ml/stage.ts';
import { fixedData, utf8Data } from '../compute/arrow-build.ts';
import { makeBatch } from '../compute/arrow-types.ts';
import { Float64 } from 'apache-arrow';

type MlOp = MlFitOp | MlApplyOp | MlMetricOp;
type Open = (op: PhysOp) => AsyncIterable<RecordBatch>;

const loadMl = async () => {
  const [registry, json] = await Promise.all([import('../ml/registry.ts'), import('../ml/json-batch.ts')]);
  return { mlStage: registry.mlStage, jsonBatch: json.jsonBatch, readJsonBatches: json.readJsonBatches };
};

/** The output stream of an ML operator for one partition; `open` opens its inputs (operators.ts). */
export async function* runMl(op: MlOp, open: Open): AsyncGenerator<RecordBatch> {
  const ml = await loadMl();
  switch (op.kind) {
    case 'mlFit': {
      const fit = stageOf(op.nodeId, op.stage.kind, ml.mlStage).fit;
      if (!fit) throw new NodeExecutionError(op.nodeId, `${op.stage.kind} '${op.nodeId}' has no fit, yet the plan fits it: a planner bug`);
      if (op.phase === 'partial') {
        const partial = fit.partial(op.stage);
        for await (const b of open(op.input)) partial.consume(b);
        yield* partial.finish();
        return;
      }
      const model = fit.final(op.stage, await collect(open(op.input)));
      yield ml.jsonBatch(model);
      return;
    }
    case 'mlApply': {
      const stage = stageOf(op.nodeId, op.stage.kind, ml.mlStage);
      if (!stage.apply) throw new NodeExecutionError(op.nodeId, `${op.stage.kind} '${op.nodeId}' has no apply, yet the plan applies it: a planner bug`);
      const model = op.model ? modelOf(op, ml.readJsonBatches<FittedModel>(await collect(open(op.model)))) : undefined;
      for await (const b of open(op.input)) yield stage.apply(op.stage, model, b, op.port);
      return;
    }
    case 'mlMetric': {
      const model = modelOf(op, ml.readJsonBatches<FittedModel>(await collect(open(op.input))));
      yield metricRow(op, model);
      return;
    }
  }
}

/** The one row { metric, value } of model.evaluate's fitted state. */
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

function stageOf(nodeId: string, kind: string, lookup: (kind: string) => MlStage | undefined): MlStage {
  const stage = lookup(kind);
  if (!stage) throw new NodeExecutionError(nodeId, `${kind} '${nodeId}' cannot run yet: this build has no ${kind} stage (engine/ml/registry.ts)`);
  return stage;
}

function modelOf(op: MlOp, models: readonly FittedModel[]): FittedModel {
  if (models.length !== 1) throw new NodeExecutionError(op.nodeId, `${op.nodeId}: expected one fitted model, got ${models.length}: a planner bug`);
  return models[0]!;
}

async function collect(it: AsyncIterable<RecordBatch>): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of it) out.push(b);
  return out;
}
