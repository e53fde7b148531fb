// Scoring features that are NaN, infinite or null, as Spark's transforms do (checked against
// pyspark by test/spark/ml-scoring-conformance.test.ts): linear regression predicts NaN or an
// infinity; logistic regression gives NaN raw and probability vectors and predicts 0 on a NaN
// margin; k-means puts an infinite row in cluster 0 and fails on NaN; a null vector fails in all three.

import { describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import { makeBatch } from '../../compute/arrow-types.ts';
import type { Field } from '../../types.ts';
import { readVectors, vectorData } from '../vector.ts';
import type { FittedModel } from '../stage.ts';
import { KMEANS } from './kmeans.ts';
import { LINEAR_REGRESSION } from './linear-regression.ts';
import { LOGISTIC_REGRESSION } from './logistic-regression.ts';
import { context } from './rows.test-helper.ts';

const N = Number.NaN, I = Number.POSITIVE_INFINITY;

function features(rows: readonly (readonly [number, number] | null)[]): RecordBatch {
  const values = Float64Array.from(rows.flatMap((r) => r ?? [0, 0]));
  const valid = rows.some((r) => r === null) ? Uint8Array.from(rows, (r) => (r ? 1 : 0)) : undefined;
  return makeBatch([{ name: 'features', type: 'vector', nullable: !!valid, vectorSize: 2 }], [vectorData(values, 2, rows.length, valid)], rows.length);
}

const vec = (name: string): Field => ({ name, type: 'vector', nullable: false, vectorSize: 2 });
const LINEAR = { kind: 'model.linearRegression', stage: LINEAR_REGRESSION, params: { featuresCol: 'features', predictionCol: 'prediction' },
  added: [{ name: 'prediction', type: 'float64', nullable: false }] as Field[], state: { coefficients: [2, -1], intercept: 0.5 } };
const LOGISTIC = { kind: 'model.logisticRegression', stage: LOGISTIC_REGRESSION,
  params: { featuresCol: 'features', predictionCol: 'prediction', rawPredictionCol: 'raw', probabilityCol: 'p', threshold: 0.5 },
  added: [vec('raw'), vec('p'), { name: 'prediction', type: 'float64', nullable: false }] as Field[], state: { coefficients: [1, -2], intercept: 0.25 } };
const KM = { kind: 'model.kmeans', stage: KMEANS, params: { featuresCol: 'features', predictionCol: 'prediction' },
  added: [{ name: 'prediction', type: 'int32', nullable: false }] as Field[], state: { centers: [[5, 5], [0, 0]] } };

function score(m: typeof LINEAR | typeof LOGISTIC | typeof KM, batch: RecordBatch): RecordBatch {
  const model: FittedModel = { nodeId: 'm1', kind: m.kind, state: m.state, summary: {} };
  return m.stage.apply(context(m.kind, m.params, batch, m.added), model, batch, 'out');
}
const column = (b: RecordBatch, name: string): number[] => [...(b.getChild(name)!.toArray() as Float64Array)];
const vectors = (b: RecordBatch, name: string): number[] => [...readVectors(b.getChild(name)!.data[0]!).values];

describe('scoring non-finite features as Spark', () => {
  it('linear regression: NaN and infinite predictions, as the arithmetic gives them', () => {
    const out = score(LINEAR, features([[N, 1], [1, N], [I, 1], [-I, 1], [I, I], [1, 2]]));
    expect(column(out, 'prediction')).toEqual([N, N, I, -I, N, 0.5]);
  });

  it('logistic regression: NaN margins give NaN vectors and prediction 0; infinite ones saturate', () => {
    const out = score(LOGISTIC, features([[N, 1], [I, 1], [1, I]]));
    expect(vectors(out, 'raw')).toEqual([N, N, -I, I, I, -I]);
    expect(vectors(out, 'p')).toEqual([N, N, 0, 1, 1, 0]);
    expect(column(out, 'prediction')).toEqual([0, 1, 0]);
  });

  it('k-means: an infinite row goes to cluster 0 (no distance is smaller than Infinity); NaN fails', () => {
    const out = score(KM, features([[I, 1], [-I, 1], [0.1, 0], [6, 5]]));
    expect(column(out, 'prediction')).toEqual([0, 0, 1, 0]);
    expect(() => score(KM, features([[1, N]]))).toThrow(/node 'm1'.*'features' \(featuresCol\) is NaN \(element 1\) in row 0/);
  });

  it('a null feature vector fails in every model (Spark: NullPointerException / MatchError), naming the fix', () => {
    for (const m of [LINEAR, LOGISTIC, KM]) {
      expect(() => score(m, features([[1, 1], null]))).toThrow(/'features' \(featuresCol\) is null in row 1/);
    }
  });
});
