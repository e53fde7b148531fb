// model.linearRegression as Spark MLlib's LinearRegression with solver "auto" on at most 4096
// features: the normal-equation solver (WeightedLeastSquares). One pass gathers the sufficient
// statistics (moments.ts); `final` solves in the standardized space Spark uses: features divided
// by their population standard deviation, the label by its own (standardizeLabel is always on
// for LinearRegression), L2 added to the diagonal, then
//   - Cholesky when elasticNetParam or regParam is 0 (falling back to L-BFGS on a singular
//     system, as Spark does: a constant feature without L2 makes it singular),
//   - L-BFGS / OWL-QN (linalg.ts) with maxIter and tol when both are non-zero,
// and maps the coefficients back to the original scale. A feature with zero variance gets the
// coefficient 0 (Spark drops it from the system), with or without an intercept. With weightCol
// every statistic is weighted (moments.ts), as Spark's WeightedLeastSquares.

import type { RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../../errors.ts';
import { jsonBatch, readJsonBatches } from '../json-batch.ts';
import type { FeatureStage, FitPartial, FittedModel, StageContext } from '../stage.ts';
import { choleskySolve, minimize } from './linalg.ts';
import { finiteNumericColumn } from '../columns.ts';
import { appendColumns, expectSize, featureRows, finiteOrNull, float64Column, SCORES_NON_FINITE } from './model-columns.ts';
import { batchMoments, emptyMoments, mergeMoments, momentsFromJson, momentsToJson, packedIndex, type Moments, type MomentsJson } from './moments.ts';
import { regressionParams } from './regression-params.ts';
import { weightColOf, weightColumn } from './training-set.ts';

/** Spark WeightedLeastSquares.MAX_NUM_FEATURES: above it Spark switches to L-BFGS over the rows. */
const MAX_FEATURES = 4096;

export interface LinearState {
  readonly coefficients: number[];
  readonly intercept: number;
}

function partial(ctx: StageContext): FitPartial {
  let acc: Moments | undefined;
  const featuresCol = ctx.params.featuresCol as string;
  const labelCol = ctx.params.labelCol as string;
  const weightCol = weightColOf(ctx);
  return {
    consume(batch: RecordBatch): void {
      if (batch.numRows === 0) return;
      const x = featureRows(ctx, batch, featuresCol);
      const y = finiteNumericColumn(ctx, batch, labelCol, 'labelCol');
      if (x.size > MAX_FEATURES) {
        throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: column '${featuresCol}' has ${x.size} features; the normal-equation solver takes at most ${MAX_FEATURES}: select fewer features`);
      }
      acc ??= emptyMoments(x.size);
      if (x.size !== acc.k) {
        throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: column '${featuresCol}' has vectors of ${x.size} and of ${acc.k} elements: assemble every row from the same columns`);
      }
      mergeMoments(acc, batchMoments(x.values, y, x.length, x.size, weightCol ? weightColumn(ctx, batch, weightCol) : undefined));
    },
    finish: () => [jsonBatch(acc ? momentsToJson(acc) : null)],
  };
}

interface Solution { beta: Float64Array; solver: 'cholesky' | 'l-bfgs' | 'owl-qn'; iterations: number; objective: number | null }

/**
 * Minimizes 1/2 b^T S b - b^T s + c + 1/2 sum l2_j b_j^2 + sum l1_j |b_j| in the standardized
 * space (S the centered, or without intercept uncentered, second moments of the standardized
 * features; s their products with the standardized label). With an intercept Spark minimizes over
 * (b, z) with z profiled out as mean(y) - mean(x) b: the same function of b.
 */
function solve(S: Float64Array, s: Float64Array, c: number, l2: Float64Array, l1: Float64Array | null, k: number, opts: { maxIter: number; tol: number }): Solution {
  const A = Float64Array.from(S);
  for (let j = 0; j < k; j++) A[j * k + j] = A[j * k + j]! + l2[j]!;
  if (!l1) {
    const beta = choleskySolve(A, s, k);
    if (beta) return { beta, solver: 'cholesky', iterations: 0, objective: null };
    // Singular (a constant or collinear feature, no L2): L-BFGS on the same system, as Spark.
  }
  const f = (b: Float64Array, g: Float64Array): number => {
    let v = c;
    for (let i = 0; i < k; i++) {
      let ab = 0;
      for (let j = 0; j < k; j++) ab += A[i * k + j]! * b[j]!;
      g[i] = ab - s[i]!;
      v += 0.5 * b[i]! * ab - s[i]! * b[i]!;
    }
    return v;
  };
  const r = minimize(f, new Float64Array(k), { maxIter: opts.maxIter, tol: opts.tol, ...(l1 ? { l1 } : {}) });
  return { beta: r.x, solver: l1 ? 'owl-qn' : 'l-bfgs', iterations: r.iterations, objective: r.objectiveHistory.at(-1)! };
}

function final(ctx: StageContext, partials: readonly RecordBatch[]): FittedModel {
  const p = ctx.params;
  const { fitIntercept, standardization, regParam, alpha } = regressionParams(ctx);
  let m: Moments | undefined;
  for (const j of readJsonBatches<MomentsJson | null>(partials)) {
    if (!j || j.count === 0) continue;
    const b = momentsFromJson(j);
    if (!m) { m = b; continue; }
    if (b.k !== m.k) throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: features have ${m.k} elements in some rows and ${b.k} in others: assemble every row from the same columns`);
    mergeMoments(m, b);
  }
  if (!m) throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: the training input (port 'train') has no rows: a model needs at least one row to fit`);
  if (!(m.n > 0)) throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: every training row has weight 0 (weightCol '${String(p.weightCol)}'): a model needs some weight to fit`);
  const { n, k } = m;
  const meanY = m.meanY;
  const sigma = Float64Array.from({ length: k }, (_, j) => Math.sqrt(Math.max(m!.cxx[packedIndex(j, j)]! / n, 0)));
  const rawYStd = Math.sqrt(Math.max(m.cyy / n, 0));
  const coefficients = new Float64Array(k);
  let intercept = 0;
  let sol: Solution = { beta: new Float64Array(k), solver: 'cholesky', iterations: 0, objective: null };
  if (rawYStd === 0 && (fitIntercept || meanY === 0)) {
    // A constant label: Spark returns zero coefficients and the label as intercept, no training.
    intercept = fitIntercept ? meanY : 0;
  } else {
    if (rawYStd === 0 && regParam > 0) {
      throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: the label '${p.labelCol}' is constant (${meanY}) and fitIntercept is false, so the regularized model cannot be fitted (Spark: labels are standardized): set fitIntercept to true or regParam to 0`);
    }
    const yStd = rawYStd === 0 ? Math.abs(meanY) : rawYStd;
    // Second moments of the standardized features (centered when there is an intercept).
    const S = new Float64Array(k * k);
    const s = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      if (sigma[i] === 0) continue;
      const mi = fitIntercept ? 0 : m.meanX[i]!;
      s[i] = (m.cxy[i]! / n + mi * meanY) / (sigma[i]! * yStd);
      for (let j = 0; j < k; j++) {
        if (sigma[j] === 0) continue;
        const mj = fitIntercept ? 0 : m.meanX[j]!;
        S[i * k + j] = (m.cxx[packedIndex(i, j)]! / n + mi * mj) / (sigma[i]! * sigma[j]!);
      }
    }
    const yy = (fitIntercept ? m.cyy / n : m.cyy / n + meanY * meanY) / (yStd * yStd);
    const effReg = regParam / yStd;
    const l2 = Float64Array.from(sigma, (sd) => (standardization ? 1 : sd !== 0 ? 1 / (sd * sd) : 0) * (1 - alpha) * effReg);
    const useQuasiNewton = alpha !== 0 && regParam !== 0;
    const l1 = useQuasiNewton && alpha * effReg !== 0
      ? Float64Array.from(sigma, (sd) => (standardization ? 1 : sd !== 0 ? 1 / sd : 0) * alpha * effReg)
      : null;
    sol = solve(S, s, 0.5 * yy, l2, useQuasiNewton ? l1 : null, k, { maxIter: p.maxIter as number, tol: p.tol as number });
    if (useQuasiNewton && !l1) sol = { ...sol, solver: 'l-bfgs' };
    for (let j = 0; j < k; j++) coefficients[j] = sigma[j] !== 0 ? (sol.beta[j]! * yStd) / sigma[j]! : 0;
    if (fitIntercept) {
      intercept = meanY;
      for (let j = 0; j < k; j++) intercept -= m.meanX[j]! * coefficients[j]!;
    }
  }
  return {
    nodeId: ctx.nodeId, kind: ctx.kind,
    state: { coefficients: [...coefficients], intercept } satisfies LinearState,
    summary: {
      coefficients: [...coefficients], intercept, ...trainingMetrics(m, coefficients, intercept, fitIntercept),
      solver: sol.solver, iterations: sol.iterations,
    },
  };
}

/**
 * rmse and r2 of the training rows, from the moments (no second pass over the data; Spark's
 * summary makes one): SSE = sum (y - xw - b)^2 = n mean_r^2 + cyy - 2 w.cxy + w^T cxx w. Near a
 * perfect fit the subtraction loses digits: rmse is then exact to about 1e-8 of the label's spread.
 * r2 is 1 - SSE / sum (y - mean)^2, or through the origin (no intercept, as Spark) 1 - SSE / sum y^2.
 */
function trainingMetrics(m: Moments, w: Float64Array, b: number, fitIntercept: boolean): Record<string, number | null> {
  const { n, k } = m;
  let meanR = m.meanY - b;
  let v = m.cyy;
  for (let i = 0; i < k; i++) {
    meanR -= m.meanX[i]! * w[i]!;
    v -= 2 * w[i]! * m.cxy[i]!;
    for (let j = 0; j < k; j++) v += w[i]! * w[j]! * m.cxx[packedIndex(i, j)]!;
  }
  const sse = Math.max(v, 0) + n * meanR * meanR;
  const ssTot = fitIntercept ? m.cyy : m.cyy + n * m.meanY * m.meanY;
  return {
    rmse: finiteOrNull(Math.sqrt(sse / n)), r2: finiteOrNull(1 - sse / ssTot), numInstances: m.count,
  };
}

function apply(ctx: StageContext, model: FittedModel | undefined, batch: RecordBatch): RecordBatch {
  const state = model!.state as LinearState;
  const w = state.coefficients;
  const k = w.length;
  const name = ctx.params.featuresCol as string;
  const x = featureRows(ctx, batch, name, 'featuresCol', SCORES_NON_FINITE);
  expectSize(ctx, x, k, name);
  const n = x.length;
  const out = new Float64Array(n);
  const xs = x.values;
  for (let r = 0; r < n; r++) {
    let s = state.intercept;
    const o = r * k;
    for (let j = 0; j < k; j++) s += xs[o + j]! * w[j]!;
    out[r] = s;
  }
  return appendColumns(ctx, batch, [float64Column(out)]);
}

export const LINEAR_REGRESSION: FeatureStage = {
  fit: { partial, final },
  apply,
};
