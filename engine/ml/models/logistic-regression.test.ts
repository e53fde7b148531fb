import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FittedModel } from '../stage.ts';
import { readVectors } from '../vector.ts';
import { LOGISTIC_REGRESSION } from './logistic-regression.ts';
import type { LogisticState } from './logistic-regression.ts';
import { batchOfRows, context, fitPartitions, fitRows, logisticRows, type Rows } from './rows.test-helper.ts';

interface SparkFit { coefficients: number[]; intercept: number; objective: number; iterations: number; auc: number; accuracy: number; firstRows: [number[], number[], number][] }
const SPARK = JSON.parse(readFileSync(new URL('./spark-reference.json', import.meta.url), 'utf8')) as Record<string, SparkFit>;

const DEFAULTS = {
  featuresCol: 'features', labelCol: 'label', predictionCol: 'prediction', regParam: 0, elasticNetParam: 0,
  fitIntercept: true, standardization: true, maxIter: 100, tol: 1e-6, threshold: 0.5, probabilityCol: 'probability', rawPredictionCol: 'rawPrediction',
};
const ADDED = [
  { name: 'rawPrediction', type: 'vector' as const, nullable: false, vectorSize: 2 },
  { name: 'probability', type: 'vector' as const, nullable: false, vectorSize: 2 },
  { name: 'prediction', type: 'float64' as const, nullable: false },
];

function fit(rows: Rows, params: Record<string, unknown> = {}, parts = 1): FittedModel {
  const ctx = context('model.logisticRegression', { ...DEFAULTS, ...params }, batchOfRows(rows, 0, 0), ADDED);
  return fitRows(LOGISTIC_REGRESSION, ctx, rows, parts);
}
const state = (m: FittedModel) => m.state as LogisticState;

describe('model.logisticRegression against Spark 4.3 (spark-reference.py)', () => {
  const rows = logisticRows(80);
  const cases: [string, Record<string, unknown>][] = [
    ['plain', {}], ['ridge', { regParam: 0.05 }], ['elasticNet', { regParam: 0.05, elasticNetParam: 0.5 }],
    ['ridgeNoStd', { regParam: 0.05, standardization: false }], ['lassoNoStd', { regParam: 0.05, elasticNetParam: 1, standardization: false }],
    ['noIntercept', { fitIntercept: false }],
  ];
  for (const [name, params] of cases) {
    it(`${name}: coefficients, intercept, objective, training AUC and accuracy; the first rows' outputs`, () => {
      const spark = SPARK[`logistic.${name}`]!;
      const m = fit(rows, params);
      const st = state(m);
      // The same steps as Breeze's L-BFGS / OWL-QN, so the same stopping point, not merely near it.
      st.coefficients.forEach((c, j) => expect(Math.abs(c - spark.coefficients[j]!)).toBeLessThan(1e-9));
      expect(Math.abs((st.intercept as number) - spark.intercept)).toBeLessThan(1e-9);
      expect(Math.abs((m.summary.objective as number) - spark.objective)).toBeLessThan(1e-12);
      expect(m.summary.iterations).toBe(spark.iterations);
      expect(m.summary.areaUnderROC).toBeCloseTo(spark.auc, 12);
      expect(m.summary.accuracy).toBeCloseTo(spark.accuracy, 12);
      const batch = batchOfRows(rows, 0, 3);
      const out = LOGISTIC_REGRESSION.apply(context('model.logisticRegression', { ...DEFAULTS, ...params }, batch, ADDED), m, batch, 'out');
      const raw = readVectors(out.getChild('rawPrediction')!.data[0]!).values;
      const prob = readVectors(out.getChild('probability')!.data[0]!).values;
      spark.firstRows.forEach(([r, p, pred], i) => {
        expect(Math.abs(raw[2 * i]! - r[0]!)).toBeLessThan(1e-9);
        expect(Math.abs(raw[2 * i + 1]! - r[1]!)).toBeLessThan(1e-9);
        expect(Math.abs(prob[2 * i]! - p[0]!)).toBeLessThan(1e-12);
        expect(Math.abs(prob[2 * i + 1]! - p[1]!)).toBeLessThan(1e-12);
        expect(out.getChild('prediction')!.get(i)).toBe(pred);
      });
    });
  }
});

describe('model.logisticRegression optimality and partitions', () => {
  it('the gradient of the unregularized log-loss vanishes at the fit (original scale)', () => {
    const rows = logisticRows(80);
    const st = state(fit(rows, { tol: 1e-12, maxIter: 500 }));
    const g = [0, 0, 0, 0];
    const y = rows.columns.label!;
    for (let i = 0; i < 80; i++) {
      let m = st.intercept as number;
      for (let j = 0; j < 3; j++) m += rows.features[i * 3 + j]! * st.coefficients[j]!;
      const r = 1 / (1 + Math.exp(-m)) - y[i]!;
      for (let j = 0; j < 3; j++) g[j]! += r * rows.features[i * 3 + j]!;
      g[3]! += r;
    }
    for (const v of g) expect(Math.abs(v / 80)).toBeLessThan(1e-7);
  });

  it('gives the same model for 1 and 3 partitions (block sums merged in partition order)', () => {
    for (const params of [{}, { regParam: 0.05, elasticNetParam: 0.5 }]) {
      const a = state(fit(logisticRows(80), params, 1));
      const b = state(fit(logisticRows(80), params, 3));
      a.coefficients.forEach((c, j) => expect(Math.abs(c - b.coefficients[j]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(c))));
      expect(Math.abs((a.intercept as number) - (b.intercept as number))).toBeLessThanOrEqual(1e-9);
    }
  });
});

describe('model.logisticRegression degenerate inputs', () => {
  it('one class only: zero coefficients and an infinite intercept (Spark), probability [0, 1]', () => {
    const rows = logisticRows(10);
    const ones = { ...rows, columns: { label: new Float64Array(10).fill(1) } };
    const m = fit(ones);
    expect(state(m).coefficients).toEqual([0, 0, 0]);
    expect(state(m).intercept).toBe('Infinity');
    JSON.stringify(m); // JSON-safe
    const batch = batchOfRows(ones, 0, 2);
    const out = LOGISTIC_REGRESSION.apply(context('model.logisticRegression', DEFAULTS, batch, ADDED), m, batch, 'out');
    expect([...readVectors(out.getChild('probability')!.data[0]!).values]).toEqual([0, 1, 0, 1]);
    expect(out.getChild('prediction')!.get(0)).toBe(1);
  });

  it('a constant feature gets coefficient 0', () => {
    const rows = logisticRows(80);
    const features = new Float64Array(80 * 4);
    for (let i = 0; i < 80; i++) { features.set(rows.features.subarray(i * 3, i * 3 + 3), i * 4); features[i * 4 + 3] = 5; }
    const st = state(fit({ n: 80, size: 4, features, columns: rows.columns }, { regParam: 0.05 }));
    expect(st.coefficients[3]).toBe(0);
    const spark = SPARK['logistic.ridge']!;
    st.coefficients.slice(0, 3).forEach((c, j) => expect(Math.abs(c - spark.coefficients[j]!)).toBeLessThan(1e-9));
  });

  it('three classes with family binomial, or a label that is not a class number, are errors naming the fix', () => {
    const rows = logisticRows(5);
    const three = { ...rows, columns: { label: Float64Array.of(0, 1, 2, 1, 0) } };
    expect(() => fit(three, { family: 'binomial' })).toThrow(/node 'm1'.*family is binomial but the labels hold 3 classes.*set family to multinomial/);
    const half = { ...rows, columns: { label: Float64Array.of(0, 1, 0.5, 1, 0) } };
    expect(() => fit(half)).toThrow(/node 'm1'.*'label' \(labelCol\) holds 0.5 .*class numbers 0, 1, 2/);
  });

  it('no rows is an error naming the train port', () => {
    const rows = logisticRows(3);
    const ctx = context('model.logisticRegression', DEFAULTS, batchOfRows(rows), ADDED);
    expect(() => fitPartitions(LOGISTIC_REGRESSION, ctx, [[], [batchOfRows(rows, 0, 0)]])).toThrow(/port 'train'\) has no rows/);
  });

  it('apply keeps the input columns and appends rawPrediction, probability, prediction (threshold as Spark)', () => {
    const rows = logisticRows(40);
    const m = fit(rows);
    const batch = batchOfRows(rows, 10, 30);
    const out = LOGISTIC_REGRESSION.apply(context('model.logisticRegression', { ...DEFAULTS, threshold: 0 }, batch, ADDED), m, batch, 'out');
    expect(out.schema.fields.map((f) => f.name)).toEqual(['features', 'label', 'rawPrediction', 'probability', 'prediction']);
    expect(out.data.children[0]).toBe(batch.data.children[0]);
    for (let i = 0; i < 20; i++) expect(out.getChild('prediction')!.get(i)).toBe(1);
    const prob = readVectors(out.getChild('probability')!.data[0]!).values;
    for (let i = 0; i < 20; i++) expect(prob[2 * i]! + prob[2 * i + 1]!).toBeCloseTo(1, 15);
  });
});
