// model.kmeans: Lloyd's algorithm as Spark MLlib's KMeans (Euclidean distance): assign every row
// to its closest center (ties to the lower index), move each center to the mean of its rows (a
// center that got no rows stays), stop after maxIter iterations or when no center moved further
// than tol. The training cost is the sum of squared distances of the last assignment, as Spark's
// (taken before that iteration's move).
//
// Initial centers: k-means++ (Arthur & Vassilvitskii) from a PRNG seeded with `seed`, over the
// rows sorted into a canonical order, so any partitioning gives the same centers. Spark's
// k-means|| draws from Spark's own random streams and cannot be reproduced; on well-separated
// data both find the same clusters (perhaps numbered differently). With fewer distinct rows than
// k, the model has one center per distinct row, as Spark.

import type { RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../../errors.ts';
import { makeBatch } from '../../compute/arrow-types.ts';
import type { FeatureStage, FitPartial, FittedModel, StageContext } from '../stage.ts';
import { gatherRows } from './gather-rows.ts';
import { columnByName } from '../columns.ts';
import { appendColumns, expectSize, featureRows, finiteOrNull, int32Column, SCORES_INFINITE } from './model-columns.ts';
import { mulberry32 } from '../../random.ts';

export interface KMeansState {
  /** One row of numbers per center. */
  readonly centers: number[][];
}

function partial(ctx: StageContext): FitPartial {
  const out: RecordBatch[] = [];
  const name = ctx.params.featuresCol as string;
  return {
    consume(batch) {
      if (batch.numRows === 0) return;
      const x = featureRows(ctx, batch, name); // checks for nulls and NaN
      out.push(makeBatch([{ name: 'features', type: 'vector', nullable: false, vectorSize: x.size }], [columnByName(ctx, batch, name, 'featuresCol')], batch.numRows));
    },
    finish: () => out,
  };
}

function squaredDistance(x: Float64Array, i: number, c: Float64Array, j: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) { const v = x[i * d + t]! - c[j * d + t]!; s += v * v; }
  return s;
}

/** k-means++: the first center uniformly, each next one with probability proportional to D^2. */
function initialCenters(x: Float64Array, n: number, d: number, k: number, seed: number): Float64Array {
  const next = mulberry32(seed);
  const chosen: number[] = [Math.min(n - 1, Math.floor(next() * n))];
  const dist = new Float64Array(n);
  for (let i = 0; i < n; i++) dist[i] = squaredDistance(x, i, x, chosen[0]!, d);
  while (chosen.length < k) {
    let total = 0;
    for (let i = 0; i < n; i++) total += dist[i]!;
    if (total === 0) break; // every row already is a center: fewer distinct rows than k
    let target = next() * total;
    let pick = -1;
    for (let i = 0; i < n; i++) {
      if (dist[i] === 0) continue;
      pick = i;
      target -= dist[i]!;
      if (target < 0) break;
    }
    chosen.push(pick);
    for (let i = 0; i < n; i++) dist[i] = Math.min(dist[i]!, squaredDistance(x, i, x, pick, d));
  }
  const centers = new Float64Array(chosen.length * d);
  chosen.forEach((r, j) => centers.set(x.subarray(r * d, r * d + d), j * d));
  return centers;
}

/** Index of the closest center (the lower index on a tie); its squared distance goes to
 *  distance[0] (an out-parameter: no pair allocated per row and iteration). */
function closest(x: Float64Array, i: number, centers: Float64Array, k: number, d: number, distance?: Float64Array): number {
  let best = 0, bestDist = Infinity;
  for (let j = 0; j < k; j++) {
    const s = squaredDistance(x, i, centers, j, d);
    if (s < bestDist) { bestDist = s; best = j; }
  }
  if (distance) distance[0] = bestDist;
  return best;
}

function final(ctx: StageContext, partials: readonly RecordBatch[]): FittedModel {
  const p = ctx.params;
  const k = p.k as number, maxIter = p.maxIter as number, tol = p.tol as number;
  if (!(k >= 2)) throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: k must be 2 or more, got ${k}`);
  const { n, size: d, x } = gatherRows(ctx, partials, false, 'k-means needs at least one row');
  const centers = initialCenters(x, n, d, k, p.seed as number);
  const kk = centers.length / d;
  const sums = new Float64Array(kk * d);
  const counts = new Float64Array(kk);
  let cost = 0, iterations = 0, converged = false;
  const dist = new Float64Array(1);
  while (iterations < maxIter && !converged) {
    sums.fill(0); counts.fill(0); cost = 0;
    for (let i = 0; i < n; i++) {
      const j = closest(x, i, centers, kk, d, dist);
      cost += dist[0]!;
      counts[j] = counts[j]! + 1;
      for (let t = 0; t < d; t++) sums[j * d + t] = sums[j * d + t]! + x[i * d + t]!;
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
  for (let i = 0; i < n; i++) sizes[closest(x, i, centers, kk, d)]!++;
  const list = Array.from({ length: kk }, (_, j) => [...centers.subarray(j * d, j * d + d)]);
  return {
    nodeId: ctx.nodeId, kind: ctx.kind, state: { centers: list } satisfies KMeansState,
    summary: {
      centers: list.map((c) => `[${c.map((v) => +v.toPrecision(6)).join(', ')}]`), clusterSizes: sizes,
      trainingCost: finiteOrNull(cost), iterations, numInstances: n,
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
  for (let i = 0; i < x.length; i++) out[i] = closest(x.values, i, centers, list.length, d);
  return appendColumns(ctx, batch, [int32Column(out)]);
}

export const KMEANS: FeatureStage = { fit: { partial, final }, apply };
