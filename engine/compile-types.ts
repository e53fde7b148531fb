// What compile() (compile.ts) takes and returns, apart from it so the cache (compile-cache.ts)
// and the compiler share these types without importing each other.

import type { PipelineIssue } from './errors.ts';
import type { Schema } from './types.ts';
import type { PipelinePlan } from './logical/plan.ts';
import type { SchemaReaders } from './logical/schema-readers.ts';
import type { PhysicalPlanOptions } from './physical/planner.ts';
import type { MlStageLookup } from './physical/plan-ml.ts';
import type { PhysicalPlan } from './physical/physical-types.ts';
import type { PipelineDocument } from './document/document-types.ts';
import type { PathPolicy } from './path-policy.ts';

export interface PhysicalRequest {
  /** What to compute: a run's sinks (or leaves), or one node's output for a preview. */
  readonly target: PhysicalPlanOptions['target'];
  /** Partitions chosen for this run (`--partitions`, the studio's run dialog): wins over settings. */
  readonly partitions?: number;
  /** Partitions when neither `partitions` nor settings.partitions says (default: the cores). */
  readonly defaultPartitions?: number;
  /** false: the run turns skew mitigation off (no two-level count_distinct); settings.skewMitigation does the same. */
  readonly skewMitigation?: boolean;
}

export interface CompileOptions {
  /** The pipeline file's folder: relative paths resolve against it. */
  readonly baseDir: string;
  /** Which files the document may name (engine/path-policy.ts); default: anywhere (the CLI). */
  readonly pathPolicy?: PathPolicy;
  /** false: the optimized plan is the logical plan, no rule runs (`explain --no-optimize`). */
  readonly optimize?: boolean;
  /** Optimizer rules to skip; an unknown name throws, listing the known ones. */
  readonly disabledRules?: readonly string[];
  /** Plan physically too (stages and exchanges). */
  readonly physical?: PhysicalRequest;
  /** What lowering reads from disk (tests may hand in others); default: the files (disk-schemas.ts). */
  readonly readers?: SchemaReaders;
  /** Reuse of the document-to-optimized-plan part for a document seen before (the studio's). */
  readonly cache?: FrontCache;
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

/** Keeps fronts by document version (CompileCache in compile-cache.ts is the one there is). */
export interface FrontCache {
  front(document: PipelineDocument, options: CompileOptions, compileFront: () => Promise<CompiledFront>): Promise<CompiledFront>;
}
