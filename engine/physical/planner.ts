// Physical planning: logical plan -> stages joined by exchanges. One planning function per
// logical node kind (plan-*.ts); this file dispatches, computes shared sub-trees once, and closes
// the roots (sinks, previewed nodes, leaves) into their final stages.

import { NodeExecutionError } from '../errors.ts';
import { consumerCounts, type LogicalPlan, type PipelinePlan } from '../logical/plan.ts';
import { previewTopK } from './preview-top-k.ts';
import { DEFAULT_BROADCAST_THRESHOLD_BYTES } from '../document/document-types.ts';
import { PlanContext, type Pipe } from './plan-context.ts';
import { opsOf, type PhysicalPlan } from './physical-types.ts';
import { planScan } from './plan-scan.ts';
import { planFilter } from './plan-filter.ts';
import { planProject } from './plan-project.ts';
import { planAggregate } from './plan-aggregate.ts';
import { planSort } from './plan-sort.ts';
import { planLimit } from './plan-limit.ts';
import { planDistinct } from './plan-distinct.ts';
import { planUnion } from './plan-union.ts';
import { planRepartition } from './plan-repartition.ts';
import { planJoin } from './plan-join.ts';
import { planEmpty } from './plan-empty.ts';
import { planSink } from './plan-sink.ts';
import { planMl, type MlStageLookup } from './plan-ml.ts';

export interface PhysicalPlanOptions {
  readonly partitions: number;
  readonly broadcastThresholdBytes?: number;
  /** What to compute: the sinks (or, without sinks, the leaves: counted, not kept), or one node's output. */
  readonly target: { readonly kind: 'run' } | {
    readonly kind: 'preview'; readonly nodeId: string; readonly limit?: number;
    /** Stop each partition once it has `limit` rows (its scans read no further); the total is then not counted. */
    readonly stopAtLimit?: boolean;
    /** The fast path for a node that needs all its input (an aggregate, a sort, or downstream of
     *  one): when its result stage reads no source, every scan reads only its source's first
     *  rows up to this cap (io/source-prefix.ts); the preview labels the answer as such. */
    readonly prefixRows?: number;
  };
  /** The feature and model stages by kind: needed when the plan has ML nodes (loadMlStages). */
  readonly mlStages?: MlStageLookup;
  /** Plan count_distinct by a key in two levels (plan-count-distinct.ts; default true): false
   *  when the run or the pipeline turns skew mitigation off. */
  readonly twoLevelDistinct?: boolean;
}

export type PlanNode = (ctx: PlanContext, node: LogicalPlan) => Pipe;

export function planPhysical(plan: PipelinePlan, opts: PhysicalPlanOptions): PhysicalPlan {
  const planned = planWith(plan, opts, undefined);
  const { target } = opts;
  if (target.kind !== 'preview' || target.prefixRows === undefined) return planned;
  const result = planned.stages[planned.results.get(target.nodeId)!]!;
  if (opsOf(result.root).some((op) => op.kind === 'scan')) return planned;
  return planWith(plan, opts, target.prefixRows);
}

function planWith(plan: PipelinePlan, opts: PhysicalPlanOptions, prefixRows: number | undefined): PhysicalPlan {
  const partitions = Math.max(1, Math.floor(opts.partitions));
  const ctx = new PlanContext(partitions, opts.broadcastThresholdBytes ?? DEFAULT_BROADCAST_THRESHOLD_BYTES, opts.mlStages, opts.twoLevelDistinct ?? true);
  ctx.prefixRows = prefixRows;
  ctx.firstRows = opts.target.kind === 'preview' && opts.target.stopAtLimit === true;
  const results = new Map<string, number>();
  if (opts.target.kind === 'preview') {
    const asked = plan.nodes.get(opts.target.nodeId);
    if (!asked) {
      throw new NodeExecutionError(opts.target.nodeId,
        `there is no node '${opts.target.nodeId}' with an output to preview; pick one of: ${[...plan.nodes.keys()].join(', ')}`);
    }
    const node = previewTopK(asked, opts.target) ?? asked;
    countConsumers(ctx, [node]);
    // Keyed by the id asked for: the optimizer may have folded that node into another (a filter into its scan).
    const pipe = planNode(ctx, node);
    // Stopping saves reading only where the result stage itself reads a source (filters, derives,
    // a broadcast join's probe side); after an exchange (aggregates, sorts) the rows are all
    // computed already, and running to the end counts them.
    const stop = opts.target.stopAtLimit === true && opsOf(pipe.op).some((op) => op.kind === 'scan');
    const keep = opts.target.limit !== undefined
      ? { keep: Math.max(0, Math.floor(opts.target.limit)), ...(stop ? { stopWhenKept: true } : {}) }
      : {};
    results.set(opts.target.nodeId, ctx.close(pipe, { kind: 'result', ...keep }));
  } else {
    const roots: LogicalPlan[] = plan.sinks.length > 0 ? [...plan.sinks] : [...plan.leaves];
    countConsumers(ctx, roots);
    for (const root of roots) {
      const pipe = planNode(ctx, root);
      if (root.op !== 'sink') ctx.close(pipe, { kind: 'discard' });
    }
  }
  return { stages: ctx.stages, results, partitions };
}

/** Plans `node`; a node read by several parents is computed in a stage of its own, once. */
export function planNode(ctx: PlanContext, node: LogicalPlan): Pipe {
  if ((ctx.consumers.get(node) ?? 0) <= 1 && !ctx.shared.has(node)) return dispatch(ctx, node);
  return planShared(ctx, node);
}

/** A read of `node` computed in a stage of its own (forward output), once however often it is
 *  read: shared consumers, and an ML estimator's fit and apply over the same rows. */
export function planShared(ctx: PlanContext, node: LogicalPlan): Pipe {
  let shared = ctx.shared.get(node);
  if (!shared) {
    const pipe = dispatch(ctx, node);
    shared = { stageId: ctx.close(pipe, { kind: 'forward' }), partitions: Math.max(1, pipe.partitions), partitioning: pipe.partitioning };
    ctx.shared.set(node, shared);
  }
  return ctx.read(shared.stageId, {
    nodeId: node.nodeId, schema: node.schema, final: false, mode: 'partition',
    partitions: shared.partitions, partitioning: shared.partitioning,
  });
}

function dispatch(ctx: PlanContext, node: LogicalPlan): Pipe {
  const pipe = dispatchKind(ctx, node);
  // Filters folded into this node count their rows at its final operator (instrument.ts).
  if (!node.absorbed?.length || !pipe.op.final) return pipe;
  return { ...pipe, op: { ...pipe.op, absorbs: node.absorbed } };
}

function dispatchKind(ctx: PlanContext, node: LogicalPlan): Pipe {
  switch (node.op) {
    case 'scan': return planScan(ctx, node);
    case 'filter': return planFilter(ctx, node);
    case 'project': return planProject(ctx, node);
    case 'aggregate': return planAggregate(ctx, node);
    case 'sort': return planSort(ctx, node);
    case 'limit': return planLimit(ctx, node);
    case 'distinct': return planDistinct(ctx, node);
    case 'union': return planUnion(ctx, node);
    case 'repartition': return planRepartition(ctx, node);
    case 'join': return planJoin(ctx, node);
    case 'empty': return planEmpty(ctx, node);
    case 'sink': return planSink(ctx, node);
    case 'ml': return planMl(ctx, node);
  }
}

function countConsumers(ctx: PlanContext, roots: readonly LogicalPlan[]): void {
  for (const [node, n] of consumerCounts(roots)) ctx.consumers.set(node, n);
}
