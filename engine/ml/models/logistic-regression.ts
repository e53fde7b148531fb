// model.logisticRegression: Spark MLlib's binary LogisticRegression (family "binomial").
// The partials send the projected rows (features, label); `final` sorts them into a canonical
// order and minimizes Spark's objective
//   mean log-loss + regParam * (alpha * L1 + (1 - alpha) / 2 * L2),  alpha = elasticNetParam,
// over coefficients of the standardized features (divided by their sample standard deviation,
// and centered when there is an intercept, as Spark's block aggregator does; the intercept is
// not regularized). With standardization false the penalty falls on the original coefficients.
// L-BFGS, or OWL-QN when the L1 part is non-zero (linalg.ts), from zero coefficients and the
// intercept log(#1 / #0), with maxIter and tol. Labels must be 0 or 1.

import { Float64 } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../../errors.ts';
import { makeBatch } from '../../compute/arrow-types.ts';
import { fixedData } from '../../compute/arrow-build.ts';
import type { FeatureStage, FitPartial, FittedModel, StageContext } from '../stage.ts';
import { vectorData } from '../vector.ts';
import { gatherRows } from './gather-rows.ts';
import { fromJsonNumber, toJsonNumber, type JsonNumber } from '../json-number.ts';
import { areaUnderRoc, ScoreCounter } from './roc.ts';
import { minimize } from './linalg.ts';
import { columnByName, finiteNumericColumn } from '../columns.ts';
import { appendColumns, expectSize, featureRows, finiteOrNull, float64Column, SCORES_NON_FINITE } from './model-columns.ts';
import { regressionParams } from './regression-params.ts';

export interface LogisticState {
  readonly coefficients: number[];
  /** Infinite when every training label is the same: kept as text, as JSON has no Infinity. */
  readonly intercept: JsonNumber;
}

function partial(ctx: StageContext): FitPartial {
  const out: RecordBatch[] = [];
  const featuresCol = ctx.params.featuresCol as string;
  const labelCol = ctx.params.labelCol as string;
  return {
    consume(batch) {
      if (batch.numRows === 0) return;
      const x = featureRows(ctx, batch, featuresCol);
      const y = finiteNumericColumn(ctx, batch, labelCol, 'labelCol');
      for (let i = 0; i < y.length; i++) {
        if (y[i] !== 0 && y[i] !== 1) {
          throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: label column '${labelCol}' (labelCol) holds ${y[i]} in row ${i} of a batch; binary logistic regression needs labels 0 and 1 (multinomial is not supported): map the classes to 0 and 1 first, e.g. with transform.derive`);
        }
      }
      // The vector column itself crosses over as it is; the label as float64.
      out.push(makeBatch(
        [{ name: 'features', type: 'vector', nullable: false, vectorSize: x.size }, { name: 'label', type: 'float64', nullable: false }],
        [columnByName(ctx, batch, featuresCol, 'featuresCol'), fixedData(new Float64(), Float64Array.from(y), y.length)],
        batch.numRows,
      ));
    },
    finish: () => out,
  };
}

function sigmoid(m: number): number {
  return m >= 0 ? 1 / (1 + Math.exp(-m)) : Math.exp(m) / (1 + Math.exp(m));
}

function final(ctx: StageContext, partials: readonly RecordBatch[]): FittedModel {
  const p = ctx.params;
  const { fitIntercept, standardization, regParam, alpha } = regressionParams(ctx);
  const { n, size: k, x, y: label } = gatherRows(ctx, partials, true, 'a model needs at least one row to fit');
  const y = label!;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i]!;
  const negatives = n - positives;

  const coefficients = new Float64Array(k);
  let intercept = 0;
  let iterations = 0;
  let objective: number | null = null;
  if (fitIntercept && (positives === 0 || negatives === 0)) {
    // Spark: one class only and an intercept: zero coefficients, intercept +-Infinity, no training.
    intercept = positives === 0 ? -Infinity : Infinity;
  } else {
    // Means and sample standard deviations of the features (Spark's Summarizer).
    const mean = new Float64Array(k), std = new Float64Array(k);
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) mean[j] = mean[j]! + x[i * k + j]!;
    for (let j = 0; j < k; j++) mean[j] = mean[j]! / n;
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) std[j] = std[j]! + (x[i * k + j]! - mean[j]!) ** 2;
    for (let j = 0; j < k; j++) std[j] = n > 1 ? Math.sqrt(std[j]! / (n - 1)) : 0;
    // Standardized (and, with an intercept, centered) features; a constant feature reads as 0.
    const z = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) z[i * k + j] = std[j] === 0 ? 0 : (x[i * k + j]! - (fitIntercept ? mean[j]! : 0)) / std[j]!;
    }
    const l2 = Float64Array.from(std, (s) => (1 - alpha) * regParam * (standardization ? 1 : s === 0 ? 0 : 1 / (s * s)));
    const dim = fitIntercept ? k + 1 : k;
    const f = (w: Float64Array, g: Float64Array): number => {
      const b = fitIntercept ? w[k]! : 0;
      let loss = 0;
      g.fill(0);
      for (let i = 0; i < n; i++) {
        let m = b;
        const o = i * k;
        for (let j = 0; j < k; j++) m += z[o + j]! * w[j]!;
        // log(1 + e^m) and the sigmoid from one exp of -|m| (no overflow); the loss and the
        // gradient are this loop's whole cost: one exp per row, not three.
        const e = Math.exp(m > 0 ? -m : m);
        loss += (m > 0 ? m + Math.log1p(e) : Math.log1p(e)) - y[i]! * m;
        const r = (m >= 0 ? 1 / (1 + e) : e / (1 + e)) - y[i]!;
        for (let j = 0; j < k; j++) g[j] = g[j]! + r * z[o + j]!;
        if (fitIntercept) g[k] = g[k]! + r;
      }
      let v = loss / n;
      for (let j = 0; j < dim; j++) g[j] = g[j]! / n;
      for (let j = 0; j < k; j++) { v += 0.5 * l2[j]! * w[j]! * w[j]!; g[j] = g[j]! + l2[j]! * w[j]!; }
      return v;
    };
    const useOwlqn = alpha !== 0 && regParam !== 0;
    const l1 = useOwlqn
      ? Float64Array.from({ length: dim }, (_, j) => (j === k ? 0 : alpha * regParam * (standardization ? 1 : std[j] === 0 ? 0 : 1 / std[j]!)))
      : undefined;
    const w0 = new Float64Array(dim);
    if (fitIntercept) w0[k] = Math.log(positives / negatives);
    const r = minimize(f, w0, { maxIter: p.maxIter as number, tol: p.tol as number, ...(l1 ? { l1 } : {}) });
    iterations = r.iterations;
    objective = r.objectiveHistory.at(-1)!;
    for (let j = 0; j < k; j++) coefficients[j] = std[j] === 0 ? 0 : r.x[j]! / std[j]!;
    if (fitIntercept) {
      intercept = r.x[k]!;
      for (let j = 0; j < k; j++) intercept -= coefficients[j]! * mean[j]!;
    }
  }
  const state: LogisticState = { coefficients: [...coefficients], intercept: toJsonNumber(intercept) };
  return {
    nodeId: ctx.nodeId, kind: ctx.kind, state,
    summary: {
      coefficients: state.coefficients, intercept: state.intercept, iterations, objective: objective === null ? null : finiteOrNull(objective),
      ...trainingMetrics(x, y, n, k, coefficients, intercept, p.threshold as number), numInstances: n,
    },
  };
}

/** Training areaUnderROC (exact; Spark's summary bins scores into 100) and accuracy at the threshold. */
function trainingMetrics(x: Float64Array, y: Float64Array, n: number, k: number, w: Float64Array, b: number, threshold: number): { areaUnderROC: number | null; accuracy: number } {
  const scores = new ScoreCounter();
  const rawThreshold = rawThresholdOf(threshold);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let m = b;
    for (let j = 0; j < k; j++) m += x[i * k + j]! * w[j]!;
    scores.add(sigmoid(m), y[i] === 1);
    if ((m > rawThreshold ? 1 : 0) === y[i]) correct++;
  }
  return { areaUnderROC: areaUnderRoc(scores.histogram()), accuracy: correct / n };
}

/** Spark compares the margin with log(t / (1 - t)): threshold 0 predicts 1 always, 1 never. */
function rawThresholdOf(t: number): number {
  return t === 0 ? -Infinity : t === 1 ? Infinity : Math.log(t / (1 - t));
}

function apply(ctx: StageContext, model: FittedModel | undefined, batch: RecordBatch): RecordBatch {
  const st = model!.state as LogisticState;
  const w = st.coefficients;
  const b = fromJsonNumber(st.intercept);
  const k = w.length;
  const name = ctx.params.featuresCol as string;
  const x = featureRows(ctx, batch, name, 'featuresCol', SCORES_NON_FINITE);
  expectSize(ctx, x, k, name);
  const n = x.length;
  const raw = new Float64Array(2 * n), prob = new Float64Array(2 * n), pred = new Float64Array(n);
  const rawThreshold = rawThresholdOf(ctx.params.threshold as number);
  for (let i = 0; i < n; i++) {
    let m = b;
    for (let j = 0; j < k; j++) m += x.values[i * k + j]! * w[j]!;
    const p = sigmoid(m);
    raw[2 * i] = -m; raw[2 * i + 1] = m;
    prob[2 * i] = 1 - p; prob[2 * i + 1] = p;
    pred[i] = m > rawThreshold ? 1 : 0;
  }
  return appendColumns(ctx, batch, [vectorData(raw, 2, n), vectorData(prob, 2, n), float64Column(pred)]);
}

export const LOGISTIC_REGRESSION: FeatureStage = { fit: { partial, final }, apply };
