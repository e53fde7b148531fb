// model.evaluate: one metric of predictions against labels, as Spark MLlib's evaluators.
//   rmse, mse, mae, r2   RegressionEvaluator (r2 = 1 - SSE / sum (y - mean y)^2)
//   areaUnderROC         BinaryClassificationEvaluator: a label is positive when > 0.5 (Spark's
//                        BinaryLabelCounter); a vector prediction column is scored by element 1.
//                        The area is exact, rows with equal scores forming one ROC point. Spark
//                        (numBins = 1000) merges the curve's points into about 1000 bins when there
//                        are more distinct scores than that, so its figure can then differ slightly.
//   accuracy, f1         MulticlassClassificationEvaluator (f1 is the F1 of each true label,
//                        weighted by that label's share of the rows).
//   silhouette           ClusteringEvaluator (squared Euclidean) of featuresCol and predictionCol,
//                        in two passes over the partitions (silhouette.ts).
// Partials are mergeable: error sums and label moments (Chan), score histograms as columns
// (roc.ts), or (label, prediction) counts. The value is null with no rows, or where Spark's is NaN.

import { Type } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../../errors.ts';
import { jsonBatch, readJsonBatches } from '../json-batch.ts';
import type { EvaluatorStage, FitPartial, FittedModel, StageContext } from '../stage.ts';
import { columnByName, finiteNumericColumn } from '../columns.ts';
import { featureRows, finiteOrNull } from './model-columns.ts';
import { areaUnderRoc, histogramBatch, readHistogramBatches, ScoreCounter } from './roc.ts';
import { SILHOUETTE_STATS, silhouettePartial, silhouetteValue } from './silhouette.ts';

interface RegressionSums { n: number; se: number; ae: number; meanY: number; m2Y: number }

function regressionPartial(ctx: StageContext): FitPartial {
  const acc: RegressionSums = { n: 0, se: 0, ae: 0, meanY: 0, m2Y: 0 };
  return {
    consume(batch) {
      const n = batch.numRows;
      if (n === 0) return;
      const y = finiteNumericColumn(ctx, batch, ctx.params.labelCol as string, 'labelCol');
      const p = finiteNumericColumn(ctx, batch, ctx.params.predictionCol as string, 'predictionCol');
      let se = 0, ae = 0, mean = 0, m2 = 0;
      for (let i = 0; i < n; i++) { const e = y[i]! - p[i]!; se += e * e; ae += Math.abs(e); mean += y[i]!; }
      mean /= n;
      for (let i = 0; i < n; i++) m2 += (y[i]! - mean) ** 2;
      mergeRegression(acc, { n, se, ae, meanY: mean, m2Y: m2 });
    },
    finish: () => [jsonBatch(acc)],
  };
}

function mergeRegression(a: RegressionSums, b: RegressionSums): void {
  if (b.n === 0) return;
  const n = a.n + b.n;
  const d = b.meanY - a.meanY;
  a.m2Y += b.m2Y + (d * d * a.n * b.n) / n;
  a.meanY += (d * b.n) / n;
  a.se += b.se; a.ae += b.ae; a.n = n;
}

function regressionValue(metric: string, s: RegressionSums): number | null {
  if (s.n === 0) return null;
  // Finite inputs can still overflow the sums (1e200 squared): null then, as the model state
  // crossing threads as JSON cannot hold Infinity.
  switch (metric) {
    case 'rmse': return finiteOrNull(Math.sqrt(s.se / s.n));
    case 'mse': return finiteOrNull(s.se / s.n);
    case 'mae': return finiteOrNull(s.ae / s.n);
    default: return finiteOrNull(1 - s.se / s.m2Y);
  }
}

/** The score of each row: the column itself, or element 1 of a vector (probability, raw prediction). */
function scores(ctx: StageContext, batch: RecordBatch): Float64Array {
  const name = ctx.params.predictionCol as string;
  const infinite = { allowInfinite: true };
  if (columnByName(ctx, batch, name, 'predictionCol').type.typeId !== Type.FixedSizeList) return finiteNumericColumn(ctx, batch, name, 'predictionCol', infinite);
  const v = featureRows(ctx, batch, name, 'predictionCol', infinite);
  if (v.size < 2) throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: vector column '${name}' (predictionCol) has ${v.size} element(s); areaUnderROC scores by element 1 (as Spark): give a probability or rawPrediction vector of size 2`);
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v.values[i * v.size + 1]!;
  return out;
}

function rocPartial(ctx: StageContext): FitPartial {
  const counter = new ScoreCounter();
  return {
    consume(batch) {
      if (batch.numRows === 0) return;
      const y = finiteNumericColumn(ctx, batch, ctx.params.labelCol as string, 'labelCol');
      const s = scores(ctx, batch);
      for (let i = 0; i < s.length; i++) counter.add(s[i]!, y[i]! > 0.5);
    },
    finish: () => [histogramBatch(counter.histogram())],
  };
}

type Confusion = Record<string, number>;

function confusionPartial(ctx: StageContext): FitPartial {
  // label -> prediction -> rows: number keys (a Map treats -0 as 0), no string made per row.
  const counts = new Map<number, Map<number, number>>();
  return {
    consume(batch) {
      if (batch.numRows === 0) return;
      const y = finiteNumericColumn(ctx, batch, ctx.params.labelCol as string, 'labelCol');
      const p = finiteNumericColumn(ctx, batch, ctx.params.predictionCol as string, 'predictionCol');
      for (let i = 0; i < y.length; i++) {
        let byPrediction = counts.get(y[i]!);
        if (!byPrediction) { byPrediction = new Map(); counts.set(y[i]!, byPrediction); }
        byPrediction.set(p[i]!, (byPrediction.get(p[i]!) ?? 0) + 1);
      }
    },
    finish() {
      const out: Confusion = {};
      for (const [label, byPrediction] of counts) for (const [prediction, c] of byPrediction) out[`${label} ${prediction}`] = c;
      return [jsonBatch(out)];
    },
  };
}

function classificationValue(metric: string, parts: readonly Confusion[]): number | null {
  const labelCount = new Map<number, number>();
  const tp = new Map<number, number>();
  const predicted = new Map<number, number>();
  let total = 0;
  for (const part of parts) {
    for (const [key, c] of Object.entries(part)) {
      const [label, prediction] = key.split(' ').map(Number) as [number, number];
      labelCount.set(label, (labelCount.get(label) ?? 0) + c);
      predicted.set(prediction, (predicted.get(prediction) ?? 0) + c);
      if (label === prediction) tp.set(label, (tp.get(label) ?? 0) + c);
      total += c;
    }
  }
  if (total === 0) return null;
  let correct = 0;
  for (const c of tp.values()) correct += c;
  if (metric === 'accuracy') return correct / total;
  let f1 = 0;
  for (const [label, count] of labelCount) {
    const t = tp.get(label) ?? 0;
    const precision = (predicted.get(label) ?? 0) === 0 ? 0 : t / predicted.get(label)!;
    const recall = t / count;
    const f = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    f1 += (f * count) / total;
  }
  return f1;
}

const REGRESSION = new Set(['rmse', 'mse', 'mae', 'r2']);

export const EVALUATE: EvaluatorStage = {
  fit: {
    partial(ctx) {
      const metric = ctx.params.metric as string;
      if (REGRESSION.has(metric)) return regressionPartial(ctx);
      if (metric === 'areaUnderROC') return rocPartial(ctx);
      if (metric === 'silhouette') return silhouettePartial();
      return confusionPartial(ctx);
    },
    final(ctx, partials): FittedModel {
      const metric = ctx.params.metric as string;
      let value: number | null;
      if (REGRESSION.has(metric)) {
        const acc: RegressionSums = { n: 0, se: 0, ae: 0, meanY: 0, m2Y: 0 };
        for (const s of readJsonBatches<RegressionSums>(partials)) mergeRegression(acc, s);
        value = regressionValue(metric, acc);
      } else if (metric === 'areaUnderROC') {
        value = areaUnderRoc(readHistogramBatches(partials));
      } else if (metric === 'silhouette') {
        value = silhouetteValue(partials);
      } else if (metric === 'accuracy' || metric === 'f1') {
        value = classificationValue(metric, readJsonBatches<Confusion>(partials));
      } else {
        throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: unknown metric '${metric}': use one of rmse, mse, mae, r2, areaUnderROC, accuracy, f1, silhouette`);
      }
      return { nodeId: ctx.nodeId, kind: ctx.kind, state: { metric, value }, summary: { metric, value } };
    },
  },
  firstPass: (params) => (params.metric === 'silhouette' ? SILHOUETTE_STATS : undefined),
};
