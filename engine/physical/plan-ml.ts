// Feature and model stages (engine/ml/stage.ts), as Spark MLlib runs a Pipeline:
//
//   estimator N over input I:  I computed once (a stage with a forward output; a model with a
//     score input fits on train and applies on score, so each is read once) -> mlFit partial per
//     partition -> gather -> mlFit final in one partition (the FittedModel as a one-row batch)
//     -> broadcast -> mlApply, narrow, over I's partitions with the model.
//   transformer (vectorAssembler, bucketizer, split): mlApply, narrow, no model. feature.split's
//     two port nodes read one shared input (the planner computes a node read twice once) and
//     each keeps its side's rows.
//   model.evaluate: mlFit partial -> gather -> mlFit final -> mlMetric (the row { metric, value }).
//     A two-pass metric (silhouette) first fits its firstPass stage on the rows and applies it to
//     them (each batch -> statistics), and the evaluator's fit reads those.
//
// A kind missing from the registry (engine/ml/registry.ts) cannot run: the error names the node.

import { NodeExecutionError } from '../errors.ts';
import type { LogicalPlan, MlNode, PipelinePlan } from '../logical/plan.ts';
import type { MlStage, StageContext } from '../ml/stage.ts';
import type { Schema } from '../types.ts';
import type { Partitioning, PlanContext, Pipe } from './plan-context.ts';
import type { MlApplyOp, MlFitOp, MlMetricOp } from './physical-types.ts';
import { planNode, planShared } from './planner.ts';

/** What an ML stage's final fit outputs: one row, the FittedModel as JSON (json-batch.ts). */
export const MODEL_BATCH_SCHEMA: Schema = { fields: [{ name: 'ml_state', type: 'string', nullable: false }] };

/** The stage registry (engine/ml/registry.ts) for PhysicalPlanOptions.mlStages, loaded only when
 *  `plan` has ML nodes: the stages' modules cost a pipeline without them nothing. */
export async function loadMlStages(plan: PipelinePlan): Promise<MlStageLookup | undefined> {
  const hasMl = [...plan.nodes.values()].some((n) => n.op === 'ml');
  return hasMl ? (await import('../ml/registry.ts')).mlStage : undefined;
}

export type MlStageLookup = (kind: string) => MlStage | undefined;

export function planMl(ctx: PlanContext, node: MlNode): Pipe {
  const stage = requireStage(ctx, node);
  // model.load reads only `score` (it fits nothing).
  const fitInput = inputOf(node, node.ports.includes('train') ? 'train' : node.ports.includes('in') ? 'in' : 'score');
  const score = node.ports.includes('score') ? inputOf(node, 'score') : undefined;
  const context: StageContext = {
    nodeId: node.nodeId, kind: node.kind, params: node.params,
    fitSchema: fitInput.schema, inputSchema: (score ?? fitInput).schema, outputSchema: node.schema,
  };
  if (!stage.fit) {
    const input = planNode(ctx, fitInput);
    const op = ctx.op<MlApplyOp>({ kind: 'mlApply', nodeId: node.nodeId, schema: node.schema, final: true, input: input.op, stage: context, port: node.port });
    return { op, partitions: input.partitions, partitioning: keptPartitioning(node, input.partitioning) };
  }
  if (!stage.apply) {
    const first = stage.firstPass?.(node.params);
    const model = fitModel(ctx, node, first ? firstPass(ctx, node, fitInput, { ...context, kind: first }) : planNode(ctx, fitInput), context, 'gather');
    const op = ctx.op<MlMetricOp>({ kind: 'mlMetric', nodeId: node.nodeId, schema: node.schema, final: true, input: model.op, metric: String(node.params.metric) });
    return { op, partitions: 1, partitioning: { kind: 'single' } };
  }
  // Without a score input, the fit and the apply read the same rows: compute them once.
  const fitPipe = score ? planNode(ctx, fitInput) : planShared(ctx, fitInput);
  const model = fitModel(ctx, node, fitPipe, context, 'broadcast');
  const input = score ? planNode(ctx, score) : planShared(ctx, fitInput);
  const op = ctx.op<MlApplyOp>({
    kind: 'mlApply', nodeId: node.nodeId, schema: node.schema, final: true, input: input.op, model: model.op, stage: context, port: node.port,
  });
  return { op, partitions: input.partitions, partitioning: keptPartitioning(node, input.partitioning) };
}

/** partial per partition -> (gather) -> final, in a stage of its own whose one output row is the
 *  model; returns a read of it (every partition's, when broadcast). */
function fitModel(ctx: PlanContext, node: MlNode, input: Pipe, stage: StageContext, output: 'broadcast' | 'gather', internal = false): Pipe {
  const partial = ctx.op<MlFitOp>({ kind: 'mlFit', phase: 'partial', nodeId: node.nodeId, schema: MODEL_BATCH_SCHEMA, final: false, input: input.op, stage });
  const gathered = input.partitions <= 1 ? { ...input, op: partial } : ctx.gather({ ...input, op: partial }, node.nodeId);
  const final = ctx.op<MlFitOp>({ kind: 'mlFit', phase: 'final', nodeId: node.nodeId, schema: MODEL_BATCH_SCHEMA, final: false, input: gathered.op, stage, ...(internal ? { internal } : {}) });
  // The final fit ends its stage, so the executor finds every fitted model in a stage output.
  const fitted: Pipe = { op: final, partitions: 1, partitioning: { kind: 'single' } };
  return output === 'broadcast' ? ctx.broadcast(fitted, node.nodeId) : ctx.gather(fitted, node.nodeId);
}

/** A two-pass evaluator's input (EvaluatorStage.firstPass): the rows (computed once) fitted by the
 *  first stage, whose model is broadcast back to them and applied, batch by batch. */
function firstPass(ctx: PlanContext, node: MlNode, rows: LogicalPlan, stage: StageContext): Pipe {
  const stats = fitModel(ctx, node, planShared(ctx, rows), stage, 'broadcast', true);
  const input = planShared(ctx, rows);
  const op = ctx.op<MlApplyOp>({
    kind: 'mlApply', nodeId: node.nodeId, schema: MODEL_BATCH_SCHEMA, final: false, input: input.op, model: stats.op, stage, port: 'out',
  });
  return { op, partitions: input.partitions, partitioning: { kind: 'any' } };
}

function requireStage(ctx: PlanContext, node: MlNode): MlStage {
  if (!ctx.mlStages) {
    throw new Error(`planPhysical: node '${node.nodeId}' is a ${node.kind} stage; pass options.mlStages (loadMlStages(plan)) to plan ML nodes`);
  }
  const stage = ctx.mlStages(node.kind);
  if (!stage) {
    throw new NodeExecutionError(node.nodeId,
      `${node.kind} '${node.nodeId}' cannot run yet: this build has no ${node.kind} stage (engine/ml/registry.ts); remove the node or preview a node before it`);
  }
  return stage;
}

function inputOf(node: MlNode, port: string): LogicalPlan {
  const at = node.ports.indexOf(port);
  if (at < 0) throw new NodeExecutionError(node.nodeId, `${node.kind} '${node.nodeId}' has no input on port '${port}': connect one`);
  return node.inputs[at]!;
}

/** Rows stay where they were (split drops some); only the imputer rewrites input columns, which
 *  may be hash keys. */
function keptPartitioning(node: MlNode, p: Partitioning): Partitioning {
  if (p.kind !== 'hash' || node.kind !== 'feature.imputer') return p;
  const outputs = (node.params.outputCols as string[] | undefined) ?? (node.params.inputCols as string[] | undefined) ?? [];
  return p.keys.some((k) => outputs.includes(k)) ? { kind: 'any' } : p;
}
