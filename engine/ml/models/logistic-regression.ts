// model.logisticRegression: Spark MLlib's LogisticRegression, family "binomial" (labels 0 and 1)
// or "multinomial" (labels 0 .. K-1, softmax over K coefficient sets); "auto" picks binomial for
// at most 2 classes (K = the largest label + 1, as Spark without label metadata). The partials
// send the projected rows (training-set.ts); `final` minimizes Spark's objective
//   weighted mean log-loss + regParam * (alpha * L1 + (1 - alpha) / 2 * L2),  alpha = elasticNetParam,
// over coefficients of the standardized features (divided by their weighted sample standard
// deviation, and centered when there is an intercept, as Spark's block aggregators do; the
// intercepts are not regularized). With standardization false the penalty falls on the original
// coefficients. L-BFGS, or OWL-QN when the L1 part is non-zero (linalg.ts), from zero
// coefficients and the intercept log(#1 / #0) (multinomial: log(1 + #c), centered), with maxIter
// and tol. Each evaluation of the objective runs block by block (logistic-objective.ts) and
// merges the blocks' sums in partition order. Multinomial as Spark: intercepts centered to sum 0,
// and without regularization the coefficients centered over the classes too.

import type { RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../../errors.ts';
import type { FeatureStage, FitPartial, FittedModel, SpillMemory, StageContext } from '../stage.ts';
import { vectorData } from '../vector.ts';
import { fromJsonNumber, toJsonNumber, type JsonNumber } from '../json-number.ts';
import { areaUnderRoc, ScoreCounter } from './roc.ts';
import { minimize } from './linalg.ts';
import { columnByName, finiteNumericColumn } from '../columns.ts';
import { appendColumns, expectSize, featureRows, finiteOrNull, float64Column, SCORES_NON_FINITE } from './model-columns.ts';
import { regressionParams } from './regression-params.ts';
import { featureMoments, trainingPartial, trainingSet, withTrainingSet, type TrainingSet } from './training-set.ts';
import { addLossSums, binomialBlock, emptyLossSums, multinomialBlock } from './logistic-objective.ts';

export interface LogisticState {
  readonly coefficients: number[];
  /** Infinite when every training label is the same: kept as text, as JSON has no Infinity. */
  readonly intercept: JsonNumber;
}

/** A multinomial model (Spark's isMultinomial): K coefficient sets and intercepts. */
export interface MultinomialState {
  readonly numClasses: number;
  /** K x numFeatures, row-major. */
  readonly coefficientMatrix: number[];
  readonly interceptVector: number[];
}

function isMultinomial(s: LogisticState | MultinomialState): s is MultinomialState {
  return 'coefficientMatrix' in s;
}

function partial(ctx: StageContext): FitPartial {
  const labelCol = ctx.params.labelCol as string;
  return trainingPartial(ctx, true, (y) => {
    for (let i = 0; i < y.length; i++) {
      const v = y[i]!;
      if (!(v >= 0 && Number.isInteger(v) && v < MAX_CLASSES)) {
        throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: label column '${labelCol}' (labelCol) holds ${v} in row ${i} of a batch; logistic regression needs class numbers 0, 1, 2, ... (below ${MAX_CLASSES}): index the classes first, e.g. with feature.stringIndexer`);
      }
    }
  });
}

/** A guard against a label column that is not a class number (an id, an amount). */
const MAX_CLASSES = 10_000;

function sigmoid(m: number): number {
  return m >= 0 ? 1 / (1 + Math.exp(-m)) : Math.exp(m) / (1 + Math.exp(m));
}

/** Weighted count of each class, K = the largest label + 1. */
function classHistogram(set: TrainingSet): Float64Array {
  let top = 0;
  for (const b of set.blocks) for (let i = 0; i < b.n; i++) if (b.y![i]! > top) top = b.y![i]!;
  const h = new Float64Array(top + 1);
  for (const b of set.blocks) for (let i = 0; i < b.n; i++) h[b.y![i]!] = h[b.y![i]!]! + (b.w ? b.w[i]! : 1);
  return h;
}

function familyOf(ctx: StageContext, classes: number): 'binomial' | 'multinomial' {
  const family = (ctx.params.family as string | undefined) ?? 'auto';
  if (family === 'multinomial') return 'multinomial';
  if (classes > 2) {
    if (family === 'binomial') throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: family is binomial but the labels hold ${classes} classes (0 .. ${classes - 1}): set family to multinomial (or auto), or map the classes to 0 and 1`);
    return 'multinomial';
  }
  if (family !== 'auto' && family !== 'binomial') throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: family must be auto, binomial or multinomial, got '${family}'`);
  return 'binomial';
}

interface Fit { coefficients: Float64Array; intercepts: Float64Array; iterations: number; objective: number | null }

/** Minimizes the objective over `sets` coefficient sets (1 binomial, K multinomial). */
function optimize(ctx: StageContext, set: TrainingSet, sets: number, w0: Float64Array): Fit {
  const p = ctx.params;
  const { fitIntercept, standardization, regParam, alpha } = regressionParams(ctx);
  const k = set.size;
  const { mean, std } = featureMoments(set);
  const center = fitIntercept ? mean : new Float64Array(k);
  const l2 = Float64Array.from(std, (s) => (1 - alpha) * regParam * (standardization ? 1 : s === 0 ? 0 : 1 / (s * s)));
  const dim = sets * k + (fitIntercept ? sets : 0);
  const a = new Float64Array(sets * k), offsets = new Float64Array(sets);
  const sums = emptyLossSums(sets, k), blockSums = emptyLossSums(sets, k);
  const W = set.weightSum;
  const f = (beta: Float64Array, g: Float64Array): number => {
    // The standardized coefficients mapped to the original space, once per evaluation.
    for (let c = 0; c < sets; c++) {
      let o = fitIntercept ? beta[sets * k + c]! : 0;
      for (let j = 0; j < k; j++) {
        const v = std[j] === 0 ? 0 : beta[c * k + j]! / std[j]!;
        a[c * k + j] = v;
        o -= v * center[j]!;
      }
      offsets[c] = o;
    }
    sums.loss = 0; sums.gx.fill(0); sums.g0.fill(0);
    for (const b of set.blocks) {
      blockSums.loss = 0; blockSums.gx.fill(0); blockSums.g0.fill(0);
      if (sets === 1) binomialBlock(b, k, a, offsets[0]!, blockSums);
      else multinomialBlock(b, k, sets, a, offsets, blockSums);
      addLossSums(sums, blockSums);
    }
    let v = sums.loss / W;
    for (let c = 0; c < sets; c++) {
      for (let j = 0; j < k; j++) {
        const i = c * k + j;
        const gj = std[j] === 0 ? 0 : (sums.gx[i]! - center[j]! * sums.g0[c]!) / std[j]! / W;
        g[i] = gj + l2[j]! * beta[i]!;
        v += 0.5 * l2[j]! * beta[i]! * beta[i]!;
      }
      if (fitIntercept) g[sets * k + c] = sums.g0[c]! / W;
    }
    return v;
  };
  const useOwlqn = alpha !== 0 && regParam !== 0;
  const l1 = useOwlqn
    ? Float64Array.from({ length: dim }, (_, i) => (i >= sets * k ? 0 : alpha * regParam * (standardization ? 1 : std[i % k] === 0 ? 0 : 1 / std[i % k]!)))
    : undefined;
  const r = minimize(f, w0, { maxIter: p.maxIter as number, tol: p.tol as number, ...(l1 ? { l1 } : {}) });
  const coefficients = new Float64Array(sets * k), intercepts = new Float64Array(sets);
  for (let c = 0; c < sets; c++) {
    for (let j = 0; j < k; j++) coefficients[c * k + j] = std[j] === 0 ? 0 : r.x[c * k + j]! / std[j]!;
    if (fitIntercept) {
      let b = r.x[sets * k + c]!;
      for (let j = 0; j < k; j++) b -= coefficients[c * k + j]! * mean[j]!;
      intercepts[c] = b;
    }
  }
  return { coefficients, intercepts, iterations: r.iterations, objective: r.objectiveHistory.at(-1)! };
}

const NO_ROWS = 'a model needs at least one row to fit';

const final = (ctx: StageContext, partials: readonly RecordBatch[]): FittedModel => fitSet(ctx, trainingSet(ctx, partials, NO_ROWS));

const streamFinal = (ctx: StageContext, partials: AsyncIterable<RecordBatch>, memory: SpillMemory | undefined): Promise<FittedModel> =>
  withTrainingSet(ctx, partials, NO_ROWS, memory, (set) => fitSet(ctx, set));

function fitSet(ctx: StageContext, set: TrainingSet): FittedModel {
  const { fitIntercept, regParam } = regressionParams(ctx);
  const k = set.size;
  const histogram = classHistogram(set);
  if (familyOf(ctx, histogram.length) === 'multinomial') return finalMultinomial(ctx, set, histogram, fitIntercept, regParam);
  const positives = histogram[1] ?? 0;
  const negatives = histogram[0] ?? 0;
  const coefficients = new Float64Array(k);
  let intercept = 0;
  let iterations = 0;
  let objective: number | null = null;
  if (fitIntercept && (positives === 0 || negatives === 0)) {
    // Spark: one class only and an intercept: zero coefficients, intercept +-Infinity, no training.
    intercept = positives === 0 ? -Infinity : Infinity;
  } else {
    const w0 = new Float64Array(fitIntercept ? k + 1 : k);
    if (fitIntercept) w0[k] = Math.log(positives / negatives);
    const r = optimize(ctx, set, 1, w0);
    coefficients.set(r.coefficients);
    intercept = r.intercepts[0]!;
    iterations = r.iterations;
    objective = r.objective;
  }
  const state: LogisticState = { coefficients: [...coefficients], intercept: toJsonNumber(intercept) };
  return {
    nodeId: ctx.nodeId, kind: ctx.kind, state,
    summary: {
      coefficients: state.coefficients, intercept: state.intercept, iterations, objective: objective === null ? null : finiteOrNull(objective),
      ...trainingMetrics(set, coefficients, intercept, ctx.params.threshold as number), numInstances: set.n,
    },
  };
}

function finalMultinomial(ctx: StageContext, set: TrainingSet, histogram: Float64Array, fitIntercept: boolean, regParam: number): FittedModel {
  const k = set.size, K = histogram.length;
  const w0 = new Float64Array(K * k + (fitIntercept ? K : 0));
  if (fitIntercept) {
    const raw = Array.from(histogram, (h) => Math.log1p(h));
    const rawMean = raw.reduce((s, v) => s + v, 0) / K;
    for (let c = 0; c < K; c++) w0[K * k + c] = raw[c]! - rawMean;
  }
  const r = optimize(ctx, set, K, w0);
  const { coefficients, intercepts } = r;
  // Without a penalty the coefficient sets are defined up to a common shift: Spark centers them.
  if (regParam === 0) {
    for (let j = 0; j < k; j++) {
      let m = 0;
      for (let c = 0; c < K; c++) m += coefficients[c * k + j]!;
      for (let c = 0; c < K; c++) coefficients[c * k + j] = coefficients[c * k + j]! - m / K;
    }
  }
  if (fitIntercept) {
    const m = intercepts.reduce((s, v) => s + v, 0) / K;
    for (let c = 0; c < K; c++) intercepts[c] = intercepts[c]! - m;
  }
  const state: MultinomialState = { numClasses: K, coefficientMatrix: [...coefficients], interceptVector: [...intercepts] };
  let correct = 0;
  const margins = new Float64Array(K);
  for (const b of set.blocks) {
    for (let i = 0; i < b.n; i++) {
      if (argmaxClass(b.x, i * k, k, coefficients, intercepts, margins) === b.y![i]) correct += b.w ? b.w[i]! : 1;
    }
  }
  return {
    nodeId: ctx.nodeId, kind: ctx.kind, state,
    summary: {
      numClasses: K, coefficientMatrix: state.coefficientMatrix, interceptVector: state.interceptVector, iterations: r.iterations,
      objective: r.objective === null ? null : finiteOrNull(r.objective), accuracy: correct / set.weightSum, numInstances: set.n,
    },
  };
}

/** Fills `margins` for the row at `o` and returns the class with the largest (the lower on a tie). */
function argmaxClass(x: Float64Array, o: number, k: number, w: readonly number[] | Float64Array, b: readonly number[] | Float64Array, margins: Float64Array): number {
  let best = 0;
  for (let c = 0; c < margins.length; c++) {
    let m = b[c]!;
    for (let j = 0; j < k; j++) m += x[o + j]! * w[c * k + j]!;
    margins[c] = m;
    if (m > margins[best]!) best = c;
  }
  return best;
}

/** Training areaUnderROC (exact, unweighted; Spark's summary bins scores into 100) and the
 *  (weighted) accuracy at the threshold. */
function trainingMetrics(set: TrainingSet, w: Float64Array, b: number, threshold: number): { areaUnderROC: number | null; accuracy: number } {
  const scores = new ScoreCounter();
  const rawThreshold = rawThresholdOf(threshold);
  const k = set.size;
  let correct = 0;
  for (const block of set.blocks) {
    const { x, y } = block;
    for (let i = 0; i < block.n; i++) {
      let m = b;
      for (let j = 0; j < k; j++) m += x[i * k + j]! * w[j]!;
      scores.add(sigmoid(m), y![i] === 1);
      if ((m > rawThreshold ? 1 : 0) === y![i]) correct += block.w ? block.w[i]! : 1;
    }
  }
  return { areaUnderROC: areaUnderRoc(scores.histogram()), accuracy: correct / set.weightSum };
}

/** Spark compares the margin with log(t / (1 - t)): threshold 0 predicts 1 always, 1 never. */
function rawThresholdOf(t: number): number {
  return t === 0 ? -Infinity : t === 1 ? Infinity : Math.log(t / (1 - t));
}

function apply(ctx: StageContext, model: FittedModel | undefined, batch: RecordBatch): RecordBatch {
  const st = model!.state as LogisticState | MultinomialState;
  if (isMultinomial(st)) return applyMultinomial(ctx, st, batch);
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

/** rawPrediction the K margins, probability their softmax, prediction the most likely class. */
function applyMultinomial(ctx: StageContext, st: MultinomialState, batch: RecordBatch): RecordBatch {
  const K = st.numClasses;
  const k = st.coefficientMatrix.length / K;
  const name = ctx.params.featuresCol as string;
  const x = featureRows(ctx, batch, name);
  expectSize(ctx, x, k, name);
  const n = x.length;
  const raw = new Float64Array(K * n), prob = new Float64Array(K * n), pred = new Float64Array(n);
  const margins = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    const best = argmaxClass(x.values, i * k, k, st.coefficientMatrix, st.interceptVector, margins);
    pred[i] = best;
    const max = margins[best]!;
    let sum = 0;
    for (let c = 0; c < K; c++) { raw[i * K + c] = margins[c]!; const e = Math.exp(margins[c]! - max); prob[i * K + c] = e; sum += e; }
    for (let c = 0; c < K; c++) prob[i * K + c] = prob[i * K + c]! / sum;
  }
  return appendColumns(ctx, batch, [vectorData(raw, K, n), vectorData(prob, K, n), float64Column(pred)]);
}

export const LOGISTIC_REGRESSION: FeatureStage = { fit: { partial, final, streamFinal }, apply };
