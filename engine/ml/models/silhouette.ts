// model.evaluate's silhouette, as Spark's ClusteringEvaluator (metricName silhouette, distanceMeasure
// squaredEuclidean): the mean over rows of s(X), where for X in cluster c, with each cluster k's
// row count N_k, feature sum Y_k and sum of squared norms psi_k,
//   d(X, k) = |X|^2 + psi_k / N_k - 2 X.Y_k / N_k     (X's mean squared distance to k's rows)
//   a = d(X, c) * N_c / (N_c - 1),   b = min over k != c of d(X, k)
//   s(X) = 1 - a / b if a < b, b / a - 1 if a > b, 0 if a = b or X is alone in its cluster.
// Two passes over the partitions, each O(rows x clusters), never O(rows^2) (plan-ml.ts firstPass):
//   1. SILHOUETTE_STATS: per-partition (N, Y, psi) of each cluster, merged into one model that is
//      broadcast back to every partition;
//   2. its apply: each batch's sum of s(X) and row count, summed by model.evaluate's final.
// |X|^2 is squared from the norm, as Spark computes it (Vectors.norm then pow 2).

import type { RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../../errors.ts';
import { jsonBatch, readJsonBatches } from '../json-batch.ts';
import type { FeatureStage, FitPartial, FittedModel, StageContext } from '../stage.ts';
import { finiteNumericColumn } from '../columns.ts';
import { featureRows } from './model-columns.ts';

/** The kind the first pass runs under (registered in models/index.ts; not a catalog kind). */
export const SILHOUETTE_STATS = 'model.evaluate.silhouetteStats';

/** One cluster's sums: its id (the prediction value), rows, sum of squared norms, feature sums. */
interface ClusterSums { id: number; n: number; psi: number; sum: number[] }
interface StatsPart { size: number; clusters: ClusterSums[] }
export interface SilhouetteSums { n: number; sum: number }

function squaredNorm(x: Float64Array, o: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += x[o + j]! * x[o + j]!;
  return Math.sqrt(s) ** 2;
}

function rowsOf(ctx: StageContext, batch: RecordBatch): { x: Float64Array; d: number; n: number; cluster: Float64Array } {
  const f = featureRows(ctx, batch, ctx.params.featuresCol as string, 'featuresCol');
  const cluster = finiteNumericColumn(ctx, batch, ctx.params.predictionCol as string, 'predictionCol');
  return { x: f.values, d: f.size, n: f.length, cluster };
}

function statsPartial(ctx: StageContext): FitPartial {
  const byId = new Map<number, ClusterSums>();
  let size = -1;
  return {
    consume(batch) {
      if (batch.numRows === 0) return;
      const { x, d, n, cluster } = rowsOf(ctx, batch);
      size = d;
      for (let i = 0; i < n; i++) {
        const id = cluster[i]!;
        let c = byId.get(id);
        if (!c) { c = { id, n: 0, psi: 0, sum: new Array<number>(d).fill(0) }; byId.set(id, c); }
        c.n++;
        c.psi += squaredNorm(x, i * d, d);
        for (let j = 0; j < d; j++) c.sum[j]! += x[i * d + j]!;
      }
    },
    finish: () => [jsonBatch({ size, clusters: [...byId.values()] } satisfies StatsPart)],
  };
}

function statsFinal(ctx: StageContext, partials: readonly RecordBatch[]): FittedModel {
  const byId = new Map<number, ClusterSums>();
  let size = -1;
  for (const part of readJsonBatches<StatsPart>(partials)) {
    if (part.size < 0) continue;
    if (size >= 0 && part.size !== size) {
      throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: column '${ctx.params.featuresCol as string}' (featuresCol) has vectors of ${size} and of ${part.size} elements: assemble every row's features from the same columns`);
    }
    size = part.size;
    for (const c of part.clusters) {
      const have = byId.get(c.id);
      if (!have) { byId.set(c.id, { ...c, sum: [...c.sum] }); continue; }
      have.n += c.n; have.psi += c.psi;
      for (let j = 0; j < size; j++) have.sum[j]! += c.sum[j]!;
    }
  }
  if (byId.size < 2) {
    throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: silhouette: Number of clusters must be greater than one (as Spark's ClusteringEvaluator); column '${ctx.params.predictionCol as string}' (predictionCol) holds ${byId.size}: evaluate a clustering of k >= 2 on rows it puts in at least two clusters`);
  }
  const clusters = [...byId.values()];
  return { nodeId: ctx.nodeId, kind: ctx.kind, state: { size, clusters } satisfies StatsPart, summary: { clusters: clusters.length } };
}

/** One batch's sum of s(X) and its row count, with the merged cluster sums. */
function apply(ctx: StageContext, model: FittedModel | undefined, batch: RecordBatch): RecordBatch {
  const { clusters } = model!.state as StatsPart;
  const k = clusters.length;
  const index = new Map(clusters.map((c, i) => [c.id, i]));
  const sums = clusters.map((c) => Float64Array.from(c.sum));
  const { x, d, n, cluster } = rowsOf(ctx, batch);
  const dist = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = index.get(cluster[i]!);
    if (own === undefined) throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: prediction ${cluster[i]} in row ${i} of a batch was not among the clusters of the first pass: a planner bug`);
    const nc = clusters[own]!.n;
    if (nc === 1) continue; // alone in its cluster: s = 0
    const o = i * d;
    const norm2 = squaredNorm(x, o, d);
    for (let c = 0; c < k; c++) {
      const y = sums[c]!;
      let dot = 0;
      for (let j = 0; j < d; j++) dot += x[o + j]! * y[j]!;
      const cl = clusters[c]!;
      dist[c] = norm2 + cl.psi / cl.n - (2 * dot) / cl.n;
    }
    const a = (dist[own]! * nc) / (nc - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && dist[c]! < b) b = dist[c]!;
    total += a < b ? 1 - a / b : a > b ? b / a - 1 : 0;
  }
  return jsonBatch({ n, sum: total } satisfies SilhouetteSums);
}

export const SILHOUETTE_STATS_STAGE: FeatureStage = { fit: { partial: statsPartial, final: statsFinal }, apply };

/** model.evaluate's own partial for silhouette: the applied batches' sums, added up. */
export function silhouettePartial(): FitPartial {
  const acc: SilhouetteSums = { n: 0, sum: 0 };
  return {
    consume(batch) {
      for (const s of readJsonBatches<SilhouetteSums>([batch])) { acc.n += s.n; acc.sum += s.sum; }
    },
    finish: () => [jsonBatch(acc)],
  };
}

export function silhouetteValue(partials: readonly RecordBatch[]): number | null {
  let n = 0, sum = 0;
  for (const s of readJsonBatches<SilhouetteSums>(partials)) { n += s.n; sum += s.sum; }
  return n === 0 ? null : sum / n;
}
