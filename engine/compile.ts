// The one way from a document to a plan: document -> checked issues and port schemas -> logical
// plan -> optimized plan (and the rules that fired) -> physical plan for a run or a preview.
// The Engine (run, preview, explain), the CLI (validate, explain), the studio's check and the
// golden tests all call compile(); none assembles the stages itself. See docs/architecture.md.

import { availableParallelism } from 'node:os';
import type { PipelineDocument } from './document/document-types.ts';
import type { PipelineIssue } from './errors.ts';
import type { Schema } from './types.ts';
import type { PipelinePlan } from './logical/plan.ts';
import type { InferSourceSchema } from './logical/lower-io.ts';
import { buildPlan } from './logical/build.ts';
import { optimize } from './optimizer/optimizer.ts';
import { planPhysical, type PhysicalPlanOptions } from './physical/planner.ts';
import { loadMlStages, type MlStageLookup } from './physical/plan-ml.ts';
import type { PhysicalPlan } from './physical/physical-types.ts';
import type { CompileCache } from './compile-cache.ts';

export interface PhysicalRequest {
  /** What to compute: a run's sinks (or leaves), or one node's output for a preview. */
  readonly target: PhysicalPlanOptions['target'];
  /** Partitions chosen for this run (`--partitions`, the studio's run dialog): wins over settings. */
  readonly partitions?: number;
  /** Partitions when neither `partitions` nor settings.partitions says (default: the cores). */
  readonly defaultPartitions?: number;
}

export interface CompileOptions {
  /** The pipeline file's folder: relative paths resolve against it. */
  readonly baseDir: string;
  /** false: the optimized plan is the logical plan, no rule runs (`explain --no-optimize`). */
  readonly optimize?: boolean;
  /** Optimizer rules to skip; an unknown name throws, listing the known ones. */
  readonly disabledRules?: readonly string[];
  /** Plan physically too (stages and exchanges). */
  readonly physical?: PhysicalRequest;
  /** Source schema inference (tests); defaults to reading metadata (engine/io/source-schema.ts). */
  readonly inferSourceSchema?: InferSourceSchema;
  /** Reuse of the document-to-optimized-plan part for a document seen before (the studio's). */
  readonly cache?: CompileCache;
}

/** Everything up to the optimized plan: what the cache keeps per document version. */
export interface CompiledFront {
  /** Every problem found loading and checking the document; empty when it compiles. */
  readonly issues: readonly PipelineIssue[];
  /** Every output port's inferred schema ("nodeId.port"), also when other nodes have problems. */
  readonly ports: Readonly<Record<string, Schema>>;
  /** The logical plan; absent when there are issues. */
  readonly logical?: PipelinePlan;
  /** The optimized plan (the logical one when optimize is false); absent when there are issues. */
  readonly optimized?: PipelinePlan;
  readonly rulesFired: readonly string[];
  /** The feature and model stages, loaded only when the plan has ML nodes. */
  readonly mlStages?: MlStageLookup;
}

export interface Compilation extends CompiledFront {
  /** The physical plan, when asked for and the document has no issues. */
  readonly physical?: PhysicalPlan;
  /** Why physical planning failed (a preview of a node without output, an unknown ML stage). */
  readonly physicalError?: Error;
}

export async function compile(document: PipelineDocument, options: CompileOptions): Promise<Compilation> {
  const front = options.cache && !options.inferSourceSchema
    ? await options.cache.front(document, options, () => compileFront(document, options))
    : await compileFront(document, options);
  if (!options.physical || !front.optimized) return front;
  try {
    return { ...front, physical: planPhysical(front.optimized, physicalOptions(document, front, options.physical)) };
  } catch (e) {
    return { ...front, physicalError: e instanceof Error ? e : new Error(String(e)) };
  }
}

/** Document to optimized plan, without any cache. */
export async function compileFront(document: PipelineDocument, options: CompileOptions): Promise<CompiledFront> {
  const built = await buildPlan(document, {
    baseDir: options.baseDir, ...(options.inferSourceSchema ? { inferSourceSchema: options.inferSourceSchema } : {}),
  });
  if (!built.plan || built.issues.length > 0) return { issues: built.issues, ports: built.ports, rulesFired: [] };
  let optimized = built.plan;
  let rulesFired: readonly string[] = [];
  if (options.optimize !== false) {
    const threshold = document.settings?.broadcastThresholdBytes;
    ({ plan: optimized, fired: rulesFired } = optimize(built.plan, {
      ...(options.disabledRules ? { disabled: options.disabledRules } : {}),
      ...(threshold !== undefined ? { broadcastThresholdBytes: threshold } : {}),
    }));
  }
  const mlStages = await loadMlStages(optimized);
  return { issues: [], ports: built.ports, logical: built.plan, optimized, rulesFired, ...(mlStages ? { mlStages } : {}) };
}

function physicalOptions(document: PipelineDocument, front: CompiledFront, request: PhysicalRequest): PhysicalPlanOptions {
  const partitions = request.partitions ?? document.settings?.partitions ?? request.defaultPartitions ?? availableParallelism();
  const threshold = document.settings?.broadcastThresholdBytes;
  return {
    partitions, target: request.target,
    ...(threshold !== undefined ? { broadcastThresholdBytes: threshold } : {}),
    ...(front.mlStages ? { mlStages: front.mlStages } : {}),
  };
}
