// A Spark ML folder (read-model.ts) as the Tributary stages that equal it: each Spark class mapped
// to a feature.* or model.* kind, its params (paramMap over defaultParamMap) to the catalog's
// names, and its data to the FittedModel state that kind's apply reads (engine/ml/stage.ts). A
// PipelineModel becomes its stages in order. What Tributary cannot apply as Spark would (another
// class, a param value it does not implement, a data layout it does not know) is an error that
// names the class and what is supported.

import type { FittedModel } from '../stage.ts';
import { toJsonNumber } from '../json-number.ts';
import type { SparkFolder } from './read-model.ts';

export interface LoadedStage {
  readonly kind: string;
  /** Params under the catalog's names (engine/document/catalog-ml.ts), as the stage's apply reads them. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Absent for transformers (VectorAssembler, Bucketizer). */
  readonly model?: FittedModel;
  readonly className: string;
  readonly uid: string;
  readonly path: string;
}

const CLASS_KINDS: Readonly<Record<string, string>> = {
  'org.apache.spark.ml.feature.ImputerModel': 'feature.imputer',
  'org.apache.spark.ml.feature.StandardScalerModel': 'feature.standardScaler',
  'org.apache.spark.ml.feature.MinMaxScalerModel': 'feature.minMaxScaler',
  'org.apache.spark.ml.feature.StringIndexerModel': 'feature.stringIndexer',
  'org.apache.spark.ml.feature.OneHotEncoderModel': 'feature.oneHotEncoder',
  'org.apache.spark.ml.feature.VectorAssembler': 'feature.vectorAssembler',
  'org.apache.spark.ml.feature.Bucketizer': 'feature.bucketizer',
  'org.apache.spark.ml.regression.LinearRegressionModel': 'model.linearRegression',
  'org.apache.spark.ml.classification.LogisticRegressionModel': 'model.logisticRegression',
  'org.apache.spark.ml.clustering.KMeansModel': 'model.kmeans',
};

export const SUPPORTED_CLASSES = ['org.apache.spark.ml.PipelineModel', ...Object.keys(CLASS_KINDS)];

const shortName = (c: string): string => c.split('.').at(-1)!;
const supported = (): string => SUPPORTED_CLASSES.map(shortName).join(', ');

class Unsupported extends Error {}

function refuse(f: SparkFolder, what: string): never {
  throw new Unsupported(`${shortName(f.className)} at '${f.path}' (uid ${f.uid}, Spark ${f.sparkVersion || 'unknown'}): ${what}`);
}

/** The params: the explicitly set ones over Spark's defaults. */
function paramsOf(f: SparkFolder): Record<string, unknown> {
  return { ...f.defaultParamMap, ...f.paramMap };
}

/** A double param as Spark writes it (a number, or "NaN" / "Infinity" as text). */
function double(f: SparkFolder, p: Record<string, unknown>, name: string, fallback?: number): number {
  const v = p[name] ?? fallback;
  const x = typeof v === 'string' ? Number(v) : v;
  if (typeof x !== 'number') refuse(f, `param ${name} is ${JSON.stringify(v)}, not a number`);
  return x;
}

function str(f: SparkFolder, p: Record<string, unknown>, name: string, fallback?: string): string {
  const v = p[name] ?? fallback;
  if (typeof v !== 'string') refuse(f, `param ${name} is missing or not text (${JSON.stringify(v)})`);
  return v;
}

function oneOf(f: SparkFolder, p: Record<string, unknown>, name: string, allowed: readonly string[], fallback: string): string {
  const v = str(f, p, name, fallback);
  if (!allowed.includes(v)) refuse(f, `param ${name} = "${v}" is not supported by Tributary (supported: ${allowed.join(', ')})`);
  return v;
}

/** The one data row of a stage, with the columns the layout of its class needs; a layout Tributary
 *  does not know (a future Spark's, say) is refused with the difference. */
function dataRow(f: SparkFolder, columns: readonly string[], index = 0): Record<string, unknown> {
  const missing = columns.filter((c) => !f.columns.includes(c));
  if (missing.length > 0 || f.rows.length <= index) {
    const major = Number(f.sparkVersion.split('.')[0]);
    const newer = major > 4 ? ` It was written by Spark ${f.sparkVersion}, newer than the 4.x layout Tributary reads, and that layout changed.` : '';
    refuse(f, `its data has columns [${f.columns.join(', ')}] and ${f.rows.length} rows; Tributary reads the layout with columns [${columns.join(', ')}].${newer}`);
  }
  return f.rows[index]!;
}

/** A VectorUDT value as a dense array. */
function vector(f: SparkFolder, v: unknown, what: string): number[] {
  const s = v as { type?: number; size?: number | null; indices?: number[] | null; values?: number[] | null } | null;
  if (!s || !Array.isArray(s.values)) refuse(f, `${what} is not a vector`);
  if (s.type === 1) return s.values;
  if (s.type === 0 && typeof s.size === 'number' && Array.isArray(s.indices)) {
    const out = new Array<number>(s.size).fill(0);
    s.indices.forEach((i, k) => { out[i] = s.values![k]!; });
    return out;
  }
  return refuse(f, `${what} has vector type ${s.type}, expected 0 (sparse) or 1 (dense)`);
}

/** A MatrixUDT value as rows of numbers. */
function matrix(f: SparkFolder, v: unknown, what: string): number[][] {
  const m = v as { type?: number; numRows: number; numCols: number; colPtrs?: number[] | null; rowIndices?: number[] | null; values: number[]; isTransposed: boolean } | null;
  if (!m || !Array.isArray(m.values)) refuse(f, `${what} is not a matrix`);
  const out = Array.from({ length: m.numRows }, () => new Array<number>(m.numCols).fill(0));
  if (m.type === 1) {
    for (let r = 0; r < m.numRows; r++) {
      for (let c = 0; c < m.numCols; c++) out[r]![c] = m.values[m.isTransposed ? r * m.numCols + c : c * m.numRows + r]!;
    }
    return out;
  }
  // Sparse: CSC (or CSR when transposed): ptrs over the major dimension, indices over the minor.
  const ptrs = m.colPtrs ?? [], idx = m.rowIndices ?? [];
  for (let major = 0; major + 1 < ptrs.length; major++) {
    for (let k = ptrs[major]!; k < ptrs[major + 1]!; k++) {
      if (m.isTransposed) out[major]![idx[k]!] = m.values[k]!; else out[idx[k]!]![major] = m.values[k]!;
    }
  }
  return out;
}

function fitted(f: SparkFolder, kind: string, state: unknown): FittedModel {
  return { nodeId: f.uid, kind, state, summary: {} };
}

function convert(f: SparkFolder): LoadedStage {
  const kind = CLASS_KINDS[f.className];
  if (!kind) {
    throw new Unsupported(`'${f.path}' holds a ${f.className} (uid ${f.uid}), which Tributary cannot apply; the supported classes are ${supported()}`);
  }
  const p = paramsOf(f);
  const base = { kind, className: f.className, uid: f.uid, path: f.path };
  const single = (): void => { if (p.inputCols !== undefined && p.inputCol === undefined) refuse(f, 'several input columns (inputCols) are not supported: Tributary applies this class to one column (inputCol)'); };
  switch (kind) {
    case 'feature.imputer': {
      const inputCols = (p.inputCols ?? (p.inputCol !== undefined ? [p.inputCol] : undefined)) as string[] | undefined;
      if (!Array.isArray(inputCols)) refuse(f, 'param inputCols is missing');
      const outputCols = (p.outputCols ?? (p.inputCols === undefined && p.outputCol !== undefined ? [p.outputCol] : inputCols)) as string[];
      const row = dataRow(f, inputCols);
      const surrogates = inputCols.map((c) => toJsonNumber(Number(row[c])));
      const params = { inputCols, outputCols, strategy: oneOf(f, p, 'strategy', ['mean', 'median', 'mode'], 'mean'), missingValue: double(f, p, 'missingValue', Number.NaN) };
      return { ...base, params, model: fitted(f, kind, { surrogates }) };
    }
    case 'feature.standardScaler': {
      const row = dataRow(f, ['std', 'mean']);
      const params = { inputCol: str(f, p, 'inputCol'), outputCol: str(f, p, 'outputCol'), withMean: p.withMean ?? false, withStd: p.withStd ?? true };
      return { ...base, params, model: fitted(f, kind, { mean: vector(f, row.mean, 'mean').map(toJsonNumber), std: vector(f, row.std, 'std').map(toJsonNumber) }) };
    }
    case 'feature.minMaxScaler': {
      const row = dataRow(f, ['originalMin', 'originalMax']);
      const params = { inputCol: str(f, p, 'inputCol'), outputCol: str(f, p, 'outputCol'), min: double(f, p, 'min', 0), max: double(f, p, 'max', 1) };
      return { ...base, params, model: fitted(f, kind, { originalMin: vector(f, row.originalMin, 'originalMin').map(toJsonNumber), originalMax: vector(f, row.originalMax, 'originalMax').map(toJsonNumber) }) };
    }
    case 'feature.stringIndexer': {
      single();
      // Spark 3 made the labels an array per input column (labelsArray); Spark 2 wrote one list.
      const labels = f.columns.includes('labelsArray')
        ? (dataRow(f, ['labelsArray']).labelsArray as string[][])[0]
        : (dataRow(f, ['labels']).labels as string[]);
      if (!Array.isArray(labels)) refuse(f, 'its data has no labels');
      const params = {
        inputCol: str(f, p, 'inputCol'), outputCol: str(f, p, 'outputCol'),
        handleInvalid: oneOf(f, p, 'handleInvalid', ['error', 'skip', 'keep'], 'error'),
        stringOrderType: oneOf(f, p, 'stringOrderType', ['frequencyDesc', 'frequencyAsc', 'alphabetDesc', 'alphabetAsc'], 'frequencyDesc'),
      };
      return { ...base, params, model: fitted(f, kind, { labels }) };
    }
    case 'feature.oneHotEncoder': {
      single();
      oneOf(f, p, 'handleInvalid', ['error'], 'error');
      const sizes = dataRow(f, ['categorySizes']).categorySizes as number[];
      if (!Array.isArray(sizes) || sizes.length !== 1) refuse(f, `its data has ${Array.isArray(sizes) ? sizes.length : 0} category sizes; Tributary applies an encoder of one column`);
      const params = { inputCol: str(f, p, 'inputCol'), outputCol: str(f, p, 'outputCol'), dropLast: p.dropLast ?? true };
      return { ...base, params, model: fitted(f, kind, { categories: sizes[0] }) };
    }
    case 'feature.vectorAssembler': {
      const inputCols = p.inputCols as string[];
      if (!Array.isArray(inputCols)) refuse(f, 'param inputCols is missing');
      return { ...base, params: { inputCols, outputCol: str(f, p, 'outputCol'), handleInvalid: oneOf(f, p, 'handleInvalid', ['error', 'skip', 'keep'], 'error') } };
    }
    case 'feature.bucketizer': {
      single();
      oneOf(f, p, 'handleInvalid', ['error'], 'error');
      const splits = (p.splits as unknown[] | undefined)?.map((s) => (typeof s === 'string' ? Number(s) : s));
      if (!Array.isArray(splits)) refuse(f, 'param splits is missing');
      return { ...base, params: { inputCol: str(f, p, 'inputCol'), outputCol: str(f, p, 'outputCol'), splits } };
    }
    case 'model.linearRegression': {
      oneOf(f, p, 'loss', ['squaredError'], 'squaredError');
      const row = dataRow(f, ['intercept', 'coefficients']);
      const params = { featuresCol: str(f, p, 'featuresCol', 'features'), labelCol: str(f, p, 'labelCol', 'label'), predictionCol: str(f, p, 'predictionCol', 'prediction') };
      return { ...base, params, model: fitted(f, kind, { coefficients: vector(f, row.coefficients, 'coefficients'), intercept: Number(row.intercept) }) };
    }
    case 'model.logisticRegression': {
      if (p.thresholds !== undefined) refuse(f, 'param thresholds (one per class) is not supported: Tributary applies a binary model with threshold');
      const row = dataRow(f, ['numClasses', 'numFeatures', 'interceptVector', 'coefficientMatrix', 'isMultinomial']);
      const w = matrix(f, row.coefficientMatrix, 'coefficientMatrix');
      const b = vector(f, row.interceptVector, 'interceptVector');
      const params = {
        featuresCol: str(f, p, 'featuresCol', 'features'), labelCol: str(f, p, 'labelCol', 'label'), predictionCol: str(f, p, 'predictionCol', 'prediction'),
        probabilityCol: str(f, p, 'probabilityCol', 'probability'), rawPredictionCol: str(f, p, 'rawPredictionCol', 'rawPrediction'), threshold: double(f, p, 'threshold', 0.5),
      };
      if (row.isMultinomial) {
        // K coefficient sets (rows of the matrix) and K intercepts, as engine/ml/models/logistic-regression.ts.
        if (w.length !== b.length || w.length < 2) refuse(f, `a multinomial model needs one intercept per coefficient row; it has ${w.length} rows and ${b.length} intercepts`);
        return { ...base, params, model: fitted(f, kind, { numClasses: w.length, coefficientMatrix: w.flat(), interceptVector: b }) };
      }
      if (row.numClasses !== 2) refuse(f, `a binomial model with ${String(row.numClasses)} classes is not valid`);
      return { ...base, params, model: fitted(f, kind, { coefficients: w[0] ?? [], intercept: toJsonNumber(b[0] ?? 0) }) };
    }
    case 'model.kmeans': {
      oneOf(f, p, 'distanceMeasure', ['euclidean'], 'euclidean');
      dataRow(f, ['clusterIdx', 'clusterCenter']);
      const centers: number[][] = [];
      for (const r of f.rows) centers[Number(r.clusterIdx)] = vector(f, r.clusterCenter, 'clusterCenter');
      const params = { featuresCol: str(f, p, 'featuresCol', 'features'), predictionCol: str(f, p, 'predictionCol', 'prediction'), k: centers.length };
      return { ...base, params, model: fitted(f, kind, { centers }) };
    }
  }
  throw new Error(`internal: no conversion for ${kind}`);
}

/** The stages a folder applies, in order (a PipelineModel's, flattened; nested pipelines too). */
export function loadedStages(f: SparkFolder): LoadedStage[] {
  if (f.stages) return f.stages.flatMap(loadedStages);
  return [convert(f)];
}
