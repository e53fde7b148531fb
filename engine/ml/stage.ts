// The contract of a feature or model stage (docs/pipeline-format.md feature.* and model.*), as Spark MLlib:
// an estimator is fitted from per-partition statistics, merged in one place, then finalized into
// a model (plain JSON data) that is broadcast to every partition and applied batch by batch.
//
//   fit input --partial (per partition)--> statistics batches --gather--> final --> FittedModel
//   data      --apply (per partition, narrow, with the model)--> data + output columns
//
// Statistics cross threads as record batches (the exchanges' currency): a stage encodes small
// statistics with `jsonBatch` (json-batch.ts) and large ones (say, value counts) as real columns.
// Stages that need the rows themselves (iterative fits: logistic regression, k-means) send the
// projected rows as their "statistics" and fit in the final phase.

import type { RecordBatch } from 'apache-arrow';
import type { Schema } from '../types.ts';

/** What a stage knows of the node it runs for. */
export interface StageContext {
  readonly nodeId: string;
  readonly kind: string;
  /** Document params with catalog defaults filled in (engine/document/catalog-ml.ts). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Schema of the fit input (the `in` port; for models the `train` port). */
  readonly fitSchema: Schema;
  /** Schema of the data `apply` receives (`in`; for models `score`, else `train`). */
  readonly inputSchema: Schema;
  /** Schema `apply` must return (the logical node's schema: input columns, then the new ones). */
  readonly outputSchema: Schema;
}

/**
 * A fitted stage, as JSON-safe data: it crosses threads, is kept with the run, and is shown in
 * the studio and the CLI. No NaN or Infinity in it (JSON has none): use null.
 */
export interface FittedModel {
  readonly nodeId: string;
  readonly kind: string;
  /** What `apply` needs (means, labels, coefficients, centers...), in the stage's own shape. */
  readonly state: unknown;
  /** What a person reads: named numbers and short lists (coefficients, intercept, rmse, r2,
   *  iterations, labels, category sizes...), in display order. */
  readonly summary: Readonly<Record<string, number | string | readonly (number | string)[] | null>>;
}

/** The task's memory share as a fit's cache sees it (the engine's TaskMemory): account what is
 *  held, and spill to a file of the run's spill folder (undefined: no budget, never spill). */
export interface SpillMemory {
  readonly spillDir: string | undefined;
  wouldExceed(bytes: number): boolean;
  grow(bytes: number): void;
  spillPath(tag: string): string;
  recordSpill(nodeId: string, bytes: number): void;
}

/** One partition's side of a fit. */
export interface FitPartial {
  consume(batch: RecordBatch): void;
  /** The partition's statistics; sent, in partition order, to the one partition that fits. */
  finish(): RecordBatch[];
}

export interface FeatureStage {
  /** Absent for stages that need no fitting (vectorAssembler, bucketizer, split). */
  readonly fit?: {
    partial(ctx: StageContext): FitPartial;
    /** Merges every partition's statistics (in partition order) into the model. Must give the
     *  same model for any number of partitions (floating sums aside: within 1e-9 relative). */
    final(ctx: StageContext, partials: readonly RecordBatch[]): FittedModel;
    /** Iterative fits: the same as `final`, reading the partials as a stream and caching them
     *  within the task's memory share (spilling the rest), so the partials are never all held. */
    streamFinal?(ctx: StageContext, partials: AsyncIterable<RecordBatch>, memory: SpillMemory | undefined): Promise<FittedModel>;
  };
  /**
   * Applies the stage to one batch of data: appends (or, for the imputer, replaces) the output
   * columns, or keeps a subset of the rows (split: `port` says which side). `model` is undefined
   * for stages without `fit`. Errors (handleInvalid "error", an unseen label...) throw a
   * NodeExecutionError naming the node, the parameter, the offending value and the fix.
   */
  apply(ctx: StageContext, model: FittedModel | undefined, batch: RecordBatch, port: string): RecordBatch;
}

/** model.evaluate: fitted like an estimator; its output is the one row { metric, value }. */
export interface EvaluatorStage {
  readonly fit: NonNullable<FeatureStage['fit']>;
  readonly apply?: undefined;
  /**
   * A metric that needs the rows twice (silhouette: per-cluster sums first, then each row against
   * them): the registered kind of a stage whose fit runs first, whose model is broadcast to the
   * rows' partitions, and whose apply turns each batch into what this stage's fit then sums.
   * Undefined for one-pass metrics.
   */
  readonly firstPass?: (params: Readonly<Record<string, unknown>>) => string | undefined;
}

export type MlStage = FeatureStage | EvaluatorStage;
