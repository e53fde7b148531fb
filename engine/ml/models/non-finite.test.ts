import { describe, expect, it } from 'vitest';
import { Float64 } from 'apache-arrow';
import { fixedData } from '../../compute/arrow-build.ts';
import { makeBatch } from '../../compute/arrow-types.ts';
import { vectorData } from '../vector.ts';
import { jsonBatch, readJsonBatches } from '../json-batch.ts';
import { EVALUATE } from './evaluate.ts';
import { KMEANS } from './kmeans.ts';
import { LINEAR_REGRESSION } from './linear-regression.ts';
import { LOGISTIC_REGRESSION } from './logistic-regression.ts';
import { batchOfRows, blobRows, context, fitPartitions, logisticRows, regressionRows } from './rows.test-helper.ts';

// JSON has no NaN or Infinity: JSON.stringify writes null, which reads back as 0 in a typed array.
// An infinite value reaching a fit must stop the run with an error naming the column, never fit a
// model whose statistics or state silently lost it.

const LINEAR = { featuresCol: 'features', labelCol: 'label', predictionCol: 'prediction', regParam: 0, elasticNetParam: 0, fitIntercept: true, standardization: true, maxIter: 100, tol: 1e-6 };
const LOGISTIC = { ...LINEAR, rawPredictionCol: 'rawPrediction', probabilityCol: 'probability', threshold: 0.5 };
const KMEANS_PARAMS = { featuresCol: 'features', predictionCol: 'prediction', k: 3, maxIter: 20, tol: 1e-4, seed: 1 };

describe('non-finite values in model fits', () => {
  it('an infinite feature is an error naming the column, the element and the row (linear, logistic, k-means)', () => {
    for (const [stage, kind, params, rows] of [
      [LINEAR_REGRESSION, 'model.linearRegression', LINEAR, regressionRows(10)],
      [LOGISTIC_REGRESSION, 'model.logisticRegression', LOGISTIC, logisticRows(10)],
      [KMEANS, 'model.kmeans', KMEANS_PARAMS, blobRows(10)],
    ] as const) {
      const features = rows.features.slice(); features[rows.size + 1] = -Infinity;
      const batch = batchOfRows({ ...rows, features });
      const ctx = context(kind, params, batch, []);
      expect(() => fitPartitions(stage, ctx, [[batch]])).toThrow(/'features' \(featuresCol\) is -Infinity \(element 1\) in row 1/);
    }
  });

  it('an infinite label is an error naming the column', () => {
    const rows = regressionRows(10);
    const label = rows.columns.label!.slice(); label[3] = Infinity;
    const batch = batchOfRows({ ...rows, columns: { label } });
    const ctx = context('model.linearRegression', LINEAR, batch, []);
    expect(() => fitPartitions(LINEAR_REGRESSION, ctx, [[batch]])).toThrow(/'label' \(labelCol\) is Infinity in row 3/);
  });

  it('areaUnderROC still takes infinite scores (a one-class logistic model predicts raw margins of +-Infinity)', () => {
    const scores = vectorData(Float64Array.of(-Infinity, Infinity, -1, 1, 1, -1), 2, 3);
    const batch = makeBatch([{ name: 'label', type: 'float64', nullable: false }, { name: 'raw', type: 'vector', nullable: false, vectorSize: 2 }],
      [fixedData(new Float64(), Float64Array.of(1, 0, 1), 3), scores], 3);
    const ctx = context('model.evaluate', { metric: 'areaUnderROC', labelCol: 'label', predictionCol: 'raw' }, batch, []);
    expect((fitPartitions(EVALUATE, ctx, [[batch]]).state as { value: number }).value).toBe(0.5);
  });

  it('jsonBatch refuses NaN and Infinity, naming where they are, instead of writing null', () => {
    expect(() => jsonBatch({ state: { coefficients: [1, Number.NaN] } })).toThrow(/NaN at state\.coefficients\[1\]/);
    expect(() => jsonBatch({ cost: -Infinity })).toThrow(/-Infinity at cost/);
    expect(readJsonBatches([jsonBatch({ a: [1, null, 'Infinity'] })])).toEqual([{ a: [1, null, 'Infinity'] }]);
  });
});
