// model.kmeans: Lloyd's algorithm as Spark MLlib's KMeans (Euclidean distance): assign every row
// to its closest center (ties to the lower index), move each center to the mean of its rows (a
// center that got no rows stays), stop after maxIter iterations or when no center moved further
// than tol. The training cost is the sum of squared distances of the last assignment, as Spark's
// (taken before that iteration's move).
//
// Initial centers: k-means|| as Spark's default (kmeans-init.ts, initSteps 2), reproducible for
// any partitioning. The rows stay in the blocks the partitions sent (training-set.ts): each
// iteration sums every block's rows into its centers' sums and counts, and the blocks' sums are
// merged in partition order. With fewer distinct rows than k, the model has one center per
// distinct row, as Spark.

import type { RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../../errors.ts';
import type { FeatureStage, FitPartial, FittedModel, SpillMemory, StageContext } from '../stage.ts';
import { columnByName } from '../columns.ts';
import { appendColumns, expectSize, featureRows, finiteOrNull, int32Column, SCORES_INFINITE } from './model-columns.ts';
import { trainingPartial, trainingSet, withTrainingSet, type TrainingBlock, type TrainingSet } from './training-set.ts';
import { closestCenter, kMeansParallel } from './kmeans-init.ts';

export interface KMeansState {
  /** One row of numbers per center. */
  readonly centers: number[][];
}

function partial(ctx: StageContext): FitPartial {
  return trainingPartial(ctx, false);
}

/** Spark KMeans' initSteps default. */
const INIT_STEPS = 2;

/** One Lloyd pass over a block: its rows' sums, counts and cost per closest center. */
function lloydBlock(b: TrainingBlock, d: number, centers: Float64Array, k: number, sums: Float64Array, counts: Float64Array): number {
  const dist = new Float64Array(1);
  let cost = 0;
  for (let i = 0; i < b.n; i++) {
    const o = i * d;
    const j = closestCenter(b.x, o, centers, k, d, dist);
    cost += dist[0]!;
    counts[j] = counts[j]! + 1;
    for (let t = 0; t < d; t++) sums[j * d + t] = sums[j * d + t]! + b.x[o + t]!;
  }
  return cost;
}

const NO_ROWS = 'k-means needs at least one row';

const final = (ctx: StageContext, partials: readonly RecordBatch[]): FittedModel => fitSet(ctx, trainingSet(checkK(ctx), partials, NO_ROWS));

const streamFinal = (ctx: StageContext, partials: AsyncIterable<RecordBatch>, memory: SpillMemory | undefined): Promise<FittedModel> =>
  withTrainingSet(checkK(ctx), partials, NO_ROWS, memory, (set) => fitSet(ctx, set));

function checkK(ctx: StageContext): StageContext {
  const k = ctx.params.k as number;
  if (!(k >= 2)) throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: k must be 2 or more, got ${k}`);
  return ctx;
}

function fitSet(ctx: StageContext, set: TrainingSet): FittedModel {
  const p = ctx.params;
  const k = p.k as number, maxIter = p.maxIter as number, tol = p.tol as number;
  const d = set.size;
  const centers = kMeansParallel(set, k, p.seed as number, INIT_STEPS);
  const kk = centers.length / d;
  const sums = new Float64Array(kk * d), counts = new Float64Array(kk);
  const blockSums = new Float64Array(kk * d), blockCounts = new Float64Array(kk);
  let cost = 0, iterations = 0, converged = false;
  while (iterations < maxIter && !converged) {
    sums.fill(0); counts.fill(0); cost = 0;
    for (const b of set.blocks) {
      blockSums.fill(0); blockCounts.fill(0);
      cost += lloydBlock(b, d, centers, kk, blockSums, blockCounts);
      for (let i = 0; i < sums.length; i++) sums[i] = sums[i]! + blockSums[i]!;
      for (let j = 0; j < kk; j++) counts[j] = counts[j]! + blockCounts[j]!;
    }
    converged = true;
    for (let j = 0; j < kk; j++) {
      if (counts[j] === 0) continue;
      let moved = 0;
      for (let t = 0; t < d; t++) {
        const c = sums[j * d + t]! / counts[j]!;
        moved += (c - centers[j * d + t]!) ** 2;
        centers[j * d + t] = c;
      }
      if (moved > tol * tol) converged = false;
    }
    iterations++;
  }
  // Cluster sizes under the final centers (Spark's summary counts the transformed training rows).
  const sizes = new Array<number>(kk).fill(0);
  for (const b of set.blocks) for (let i = 0; i < b.n; i++) sizes[closestCenter(b.x, i * d, centers, kk, d)]!++;
  const list = Array.from({ length: kk }, (_, j) => [...centers.subarray(j * d, j * d + d)]);
  return {
    nodeId: ctx.nodeId, kind: ctx.kind, state: { centers: list } satisfies KMeansState,
    summary: {
      centers: list.map((c) => `[${c.map((v) => +v.toPrecision(6)).join(', ')}]`), clusterSizes: sizes,
      trainingCost: finiteOrNull(cost), iterations, numInstances: set.n,
    },
  };
}

function apply(ctx: StageContext, model: FittedModel | undefined, batch: RecordBatch): RecordBatch {
  const list = (model!.state as KMeansState).centers;
  const d = list[0]!.length;
  const centers = Float64Array.from(list.flat());
  const name = ctx.params.featuresCol as string;
  const x = featureRows(ctx, batch, name, 'featuresCol', SCORES_INFINITE);
  expectSize(ctx, x, d, name);
  const out = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = closestCenter(x.values, i * d, centers, list.length, d);
  return appendColumns(ctx, batch, [int32Column(out)]);
}

export const KMEANS: FeatureStage = { fit: { partial, final, streamFinal }, apply };
