// A Tributary fitted stage (engine/ml/stage.ts FittedModel, with its node's params) as the Spark
// ML stage it equals: the class, the params under Spark's names, and the data rows in the layout
// Spark's loader of that class reads (learnt from folders pyspark 4 writes; test/spark checks that
// pyspark loads ours and scores as we do).

import { randomBytes } from 'node:crypto';
import type { FittedModel } from '../stage.ts';
import { fromJsonNumber, type JsonNumber } from '../json-number.ts';
import { denseMatrixRowMajor, denseVector } from './spark-schema.ts';
import { SparkDouble, type SparkStage } from './write-model.ts';

type Params = Readonly<Record<string, unknown>>;

/** A double param, written as Spark writes doubles (write-model.ts SparkDouble). */
const jsonDouble = (x: unknown): SparkDouble => new SparkDouble(Number(x));
const nums = (xs: readonly JsonNumber[]): number[] => xs.map(fromJsonNumber);
const uidOf = (simpleName: string): string => `${simpleName}_${randomBytes(6).toString('hex')}`;

const regressionParams = (p: Params): Record<string, unknown> => ({
  featuresCol: p.featuresCol, labelCol: p.labelCol, predictionCol: p.predictionCol, regParam: jsonDouble(p.regParam),
  elasticNetParam: jsonDouble(p.elasticNetParam), fitIntercept: p.fitIntercept, standardization: p.standardization,
  maxIter: p.maxIter, tol: jsonDouble(p.tol),
  ...(typeof p.weightCol === 'string' && p.weightCol !== '' ? { weightCol: p.weightCol } : {}),
});

/** The kinds that can be saved (the catalog gives each a saveTo param). */
export const SAVABLE_KINDS = [
  'feature.imputer', 'feature.standardScaler', 'feature.minMaxScaler', 'feature.stringIndexer', 'feature.oneHotEncoder',
  'model.linearRegression', 'model.logisticRegression', 'model.kmeans',
] as const;

export function toSparkStage(model: FittedModel, p: Params): SparkStage {
  const s = model.state as Record<string, unknown>;
  switch (model.kind) {
    case 'feature.imputer': {
      const inputCols = p.inputCols as string[];
      const surrogates = nums(s.surrogates as JsonNumber[]);
      return {
        className: 'org.apache.spark.ml.feature.ImputerModel', uid: uidOf('Imputer'),
        paramMap: { inputCols, outputCols: (p.outputCols as string[] | undefined) ?? inputCols, strategy: p.strategy, missingValue: jsonDouble(p.missingValue) },
        defaultParamMap: { relativeError: jsonDouble(0.001) },
        data: { columns: inputCols.map((name) => ({ name, type: 'double' as const })), rows: [Object.fromEntries(inputCols.map((c, i) => [c, surrogates[i]]))] },
      };
    }
    case 'feature.standardScaler':
      return {
        className: 'org.apache.spark.ml.feature.StandardScalerModel', uid: uidOf('StandardScaler'),
        paramMap: { inputCol: p.inputCol, outputCol: p.outputCol, withMean: p.withMean, withStd: p.withStd }, defaultParamMap: {},
        data: { columns: [{ name: 'std', type: 'vector' }, { name: 'mean', type: 'vector' }], rows: [{ std: denseVector(nums(s.std as JsonNumber[])), mean: denseVector(nums(s.mean as JsonNumber[])) }] },
      };
    case 'feature.minMaxScaler':
      return {
        className: 'org.apache.spark.ml.feature.MinMaxScalerModel', uid: uidOf('MinMaxScaler'),
        paramMap: { inputCol: p.inputCol, outputCol: p.outputCol, min: jsonDouble(p.min), max: jsonDouble(p.max) }, defaultParamMap: {},
        data: {
          columns: [{ name: 'originalMin', type: 'vector' }, { name: 'originalMax', type: 'vector' }],
          rows: [{ originalMin: denseVector(nums(s.originalMin as JsonNumber[])), originalMax: denseVector(nums(s.originalMax as JsonNumber[])) }],
        },
      };
    case 'feature.stringIndexer':
      return {
        className: 'org.apache.spark.ml.feature.StringIndexerModel', uid: uidOf('StringIndexer'),
        paramMap: { inputCol: p.inputCol, outputCol: p.outputCol, handleInvalid: p.handleInvalid, stringOrderType: p.stringOrderType }, defaultParamMap: {},
        data: { columns: [{ name: 'labelsArray', type: 'stringArrayArray' }], rows: [{ labelsArray: [s.labels as string[]] }] },
      };
    case 'feature.oneHotEncoder':
      return {
        className: 'org.apache.spark.ml.feature.OneHotEncoderModel', uid: uidOf('OneHotEncoder'),
        paramMap: { inputCol: p.inputCol, outputCol: p.outputCol, dropLast: p.dropLast, handleInvalid: 'error' }, defaultParamMap: {},
        data: { columns: [{ name: 'categorySizes', type: 'intArray' }], rows: [{ categorySizes: [s.categories as number] }] },
      };
    case 'model.linearRegression':
      return {
        className: 'org.apache.spark.ml.regression.LinearRegressionModel', uid: uidOf('LinearRegression'),
        paramMap: regressionParams(p), defaultParamMap: { loss: 'squaredError', solver: 'auto', epsilon: jsonDouble(1.35), aggregationDepth: 2, maxBlockSizeInMB: jsonDouble(0.0) },
        data: {
          columns: [{ name: 'intercept', type: 'double' }, { name: 'coefficients', type: 'vector' }, { name: 'scale', type: 'double' }],
          rows: [{ intercept: s.intercept as number, coefficients: denseVector(s.coefficients as number[]), scale: 1.0 }],
        },
      };
    case 'model.logisticRegression': {
      // A multinomial model (state.coefficientMatrix, K x numFeatures row-major): Spark's own layout.
      const K = s.numClasses as number | undefined;
      const w = K ? (s.coefficientMatrix as number[]) : (s.coefficients as number[]);
      const d = K ? w.length / K : w.length;
      return {
        className: 'org.apache.spark.ml.classification.LogisticRegressionModel', uid: uidOf('LogisticRegression'),
        paramMap: {
          ...regressionParams(p), threshold: jsonDouble(p.threshold), probabilityCol: p.probabilityCol, rawPredictionCol: p.rawPredictionCol, family: K ? 'multinomial' : 'binomial',
        },
        defaultParamMap: { aggregationDepth: 2, maxBlockSizeInMB: jsonDouble(0.0) },
        data: {
          columns: [
            { name: 'numClasses', type: 'integer' }, { name: 'numFeatures', type: 'integer' }, { name: 'interceptVector', type: 'vector' },
            { name: 'coefficientMatrix', type: 'matrix' }, { name: 'isMultinomial', type: 'boolean' },
          ],
          rows: [K ? {
            numClasses: K, numFeatures: d, interceptVector: denseVector(s.interceptVector as number[]),
            coefficientMatrix: denseMatrixRowMajor(K, d, w), isMultinomial: true,
          } : {
            numClasses: 2, numFeatures: w.length, interceptVector: denseVector([fromJsonNumber(s.intercept as JsonNumber)]),
            coefficientMatrix: denseMatrixRowMajor(1, w.length, w), isMultinomial: false,
          }],
        },
      };
    }
    case 'model.kmeans': {
      const centers = s.centers as number[][];
      return {
        className: 'org.apache.spark.ml.clustering.KMeansModel', uid: uidOf('KMeans'),
        paramMap: { featuresCol: p.featuresCol, predictionCol: p.predictionCol, k: p.k, maxIter: p.maxIter, tol: jsonDouble(p.tol), seed: p.seed },
        defaultParamMap: { distanceMeasure: 'euclidean', initMode: 'k-means||', initSteps: 2, solver: 'auto', maxBlockSizeInMB: jsonDouble(0.0) },
        data: {
          columns: [{ name: 'clusterIdx', type: 'integer' }, { name: 'clusterCenter', type: 'vector' }],
          rows: centers.map((c, i) => ({ clusterIdx: i, clusterCenter: denseVector(c) })),
        },
      };
    }
  }
  throw new Error(`${model.kind} cannot be saved in Spark's format; the kinds that can: ${SAVABLE_KINDS.join(', ')}`);
}
