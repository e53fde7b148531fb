import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Float64 } from 'apache-arrow';
import { NodeExecutionError } from '../../errors.ts';
import { fixedData } from '../../compute/arrow-build.ts';
import { duckdb, loadTable, query } from '../../compute/duckdb.test-helper.ts';
import { vectorData } from '../vector.ts';
import { makeBatch } from '../../compute/arrow-types.ts';
import type { FittedModel } from '../stage.ts';
import { LINEAR_REGRESSION } from './linear-regression.ts';
import type { LinearState } from './linear-regression.ts';
import { batchOfRows, context, fitPartitions, fitRows, regressionRows, type Rows } from './rows.test-helper.ts';

const SPARK = JSON.parse(readFileSync(new URL('./spark-reference.json', import.meta.url), 'utf8')) as Record<string, { coefficients: number[]; intercept: number; rmse: number; r2: number; iterations: number }>;

const DEFAULTS = {
  featuresCol: 'features', labelCol: 'label', predictionCol: 'prediction', regParam: 0, elasticNetParam: 0,
  fitIntercept: true, standardization: true, maxIter: 100, tol: 1e-6,
};
const PREDICTION = [{ name: 'prediction', type: 'float64' as const, nullable: false }];

function fit(rows: Rows, params: Record<string, unknown> = {}, parts = 1): FittedModel {
  const ctx = context('model.linearRegression', { ...DEFAULTS, ...params }, batchOfRows(rows, 0, 1), PREDICTION);
  return fitRows(LINEAR_REGRESSION, ctx, rows, parts);
}

const state = (m: FittedModel) => m.state as LinearState;

describe('model.linearRegression against Spark 4.3 (spark-reference.py)', () => {
  const rows = regressionRows(50);
  const cases: [string, Record<string, unknown>][] = [
    ['ols', {}],
    ['ridge', { regParam: 0.1 }],
    ['ridgeNoStd', { regParam: 0.1, standardization: false }],
    ['elasticNet', { regParam: 0.1, elasticNetParam: 0.5 }],
    ['lassoNoStd', { regParam: 0.3, elasticNetParam: 1, standardization: false }],
    ['noIntercept', { fitIntercept: false }],
    ['noInterceptElasticNet', { fitIntercept: false, regParam: 0.1, elasticNetParam: 0.5 }],
  ];
  for (const [name, params] of cases) {
    it(`${name}: coefficients, intercept, rmse and r2 within 1e-9, the same iterations`, () => {
      const spark = SPARK[`linear.${name}`]!;
      const m = fit(rows, params);
      const st = state(m);
      st.coefficients.forEach((c, j) => expect(Math.abs(c - spark.coefficients[j]!)).toBeLessThan(1e-9));
      expect(Math.abs(st.intercept - spark.intercept)).toBeLessThan(1e-9);
      expect(Math.abs((m.summary.rmse as number) - spark.rmse)).toBeLessThan(1e-9);
      expect(Math.abs((m.summary.r2 as number) - spark.r2)).toBeLessThan(1e-9);
      expect(m.summary.iterations).toBe(spark.iterations);
      expect(m.summary.numInstances).toBe(50);
      expect(m.summary.solver).toBe(params.elasticNetParam && params.regParam ? 'owl-qn' : 'cholesky');
    });
  }

  it('a constant feature gets coefficient 0 and the others Spark\'s (Cholesky fails, L-BFGS as Spark)', () => {
    const spark = SPARK['linear.constantFeature']!;
    const m = fit(regressionRows(50, true));
    const st = state(m);
    expect(st.coefficients[3]).toBe(0);
    expect(m.summary.solver).toBe('l-bfgs');
    st.coefficients.forEach((c, j) => expect(Math.abs(c - spark.coefficients[j]!)).toBeLessThan(1e-9));
    expect(Math.abs(st.intercept - spark.intercept)).toBeLessThan(1e-9);
  });
});

describe('model.linearRegression against DuckDB (one feature)', () => {
  it('matches regr_slope, regr_intercept and regr_r2', async () => {
    const n = 200;
    const x = Float64Array.from({ length: n }, (_, i) => 1000 + Math.sin(i) * 40 + i * 0.3);
    const y = Float64Array.from(x, (v, i) => 7 - 0.25 * v + Math.cos(3.1 * i) * 5);
    const rows: Rows = { n, size: 1, features: x, columns: { label: y } };
    const m = fit(rows, {}, 3);
    const conn = await duckdb();
    await loadTable(conn, 't', [{ name: 'x', type: 'float64', values: [...x] }, { name: 'y', type: 'float64', values: [...y] }]);
    const [slope, intercept, r2, sse] = (await query(conn, `WITH f AS (SELECT regr_slope(y, x) AS b, regr_intercept(y, x) AS a, regr_r2(y, x) AS r2 FROM t)
       SELECT any_value(b), any_value(a), any_value(r2), sum(power(y - (a + b * x), 2)) FROM t, f`))[0] as number[];
    expect(state(m).coefficients[0]).toBeCloseTo(slope!, 10);
    expect(state(m).intercept).toBeCloseTo(intercept!, 7);
    expect(m.summary.r2).toBeCloseTo(r2!, 10);
    expect(m.summary.rmse).toBeCloseTo(Math.sqrt(sse! / n), 8);
    conn.closeSync();
  });
});

describe('model.linearRegression partitions and degenerate inputs', () => {
  it('gives the same model for 1 and 3 partitions (within 1e-9), regularized or not', () => {
    for (const params of [{}, { regParam: 0.1, elasticNetParam: 0.5 }, { fitIntercept: false, regParam: 0.2 }]) {
      const a = fit(regressionRows(50), params, 1);
      const b = fit(regressionRows(50), params, 3);
      state(a).coefficients.forEach((c, j) => expect(Math.abs(c - state(b).coefficients[j]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(c))));
      expect(Math.abs(state(a).intercept - state(b).intercept)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(state(a).intercept)));
    }
  });

  it('fits exact linear data exactly (rmse 0, r2 1)', () => {
    const n = 30;
    const features = Float64Array.from({ length: n * 2 }, (_, i) => ((i * 37) % 17) - 8 + (i % 2) * 0.5 * i);
    const label = Float64Array.from({ length: n }, (_, i) => 4 - 2 * features[2 * i]! + 0.5 * features[2 * i + 1]!);
    const m = fit({ n, size: 2, features, columns: { label } });
    expect(state(m).coefficients[0]).toBeCloseTo(-2, 10);
    expect(state(m).coefficients[1]).toBeCloseTo(0.5, 10);
    expect(state(m).intercept).toBeCloseTo(4, 10);
    expect(m.summary.rmse as number).toBeLessThan(1e-6);
    expect(m.summary.r2).toBeCloseTo(1, 10);
  });

  it('a constant label gives zero coefficients and the label as intercept (Spark)', () => {
    const rows = regressionRows(10);
    const m = fit({ ...rows, columns: { label: new Float64Array(10).fill(3.5) } }, { regParam: 0.3 });
    expect(state(m).coefficients).toEqual([0, 0, 0]);
    expect(state(m).intercept).toBe(3.5);
  });

  it('one row: the intercept is its label, the coefficients 0', () => {
    const m = fit({ n: 1, size: 2, features: Float64Array.of(2, 3), columns: { label: Float64Array.of(9) } });
    expect(state(m).coefficients).toEqual([0, 0]);
    expect(state(m).intercept).toBe(9);
  });

  it('no rows at all is an error naming the node and the train port', () => {
    const rows = regressionRows(3);
    const ctx = context('model.linearRegression', DEFAULTS, batchOfRows(rows), PREDICTION);
    expect(() => fitPartitions(LINEAR_REGRESSION, ctx, [[batchOfRows(rows, 0, 0)], []])).toThrow(/node 'm1'.*port 'train'\) has no rows/);
  });

  it('a null label or a NaN feature is an error naming the column and the fix', () => {
    const rows = regressionRows(4);
    const label = fixedData(new Float64(), Float64Array.of(1, 2, 3, 4), 4, Uint8Array.of(0b1011));
    const batch = makeBatch([{ name: 'features', type: 'vector', nullable: false, vectorSize: 3 }, { name: 'label', type: 'float64', nullable: true }],
      [vectorData(rows.features, 3, 4), label], 4);
    const ctx = context('model.linearRegression', DEFAULTS, batch, PREDICTION);
    expect(() => fitPartitions(LINEAR_REGRESSION, ctx, [[batch]])).toThrow(NodeExecutionError);
    expect(() => fitPartitions(LINEAR_REGRESSION, ctx, [[batch]])).toThrow(/'label' \(labelCol\) is null in row 2.*feature.imputer.*transform.dropNulls/);
    const nanFeatures = rows.features.slice(); nanFeatures[4] = Number.NaN;
    const bad = batchOfRows({ ...rows, features: nanFeatures });
    expect(() => fitPartitions(LINEAR_REGRESSION, ctx, [[bad]])).toThrow(/'features' \(featuresCol\) is NaN \(element 1\) in row 1/);
  });
});

describe('model.linearRegression apply', () => {
  it('appends the prediction, keeps the input columns as they are, and matches the output schema', () => {
    const rows = regressionRows(20);
    const m = fit(rows);
    const batch = batchOfRows(rows, 5, 15);
    const ctx = context('model.linearRegression', DEFAULTS, batch, PREDICTION);
    const out = LINEAR_REGRESSION.apply(ctx, m, batch, 'out');
    expect(out.schema.fields.map((f) => f.name)).toEqual(['features', 'label', 'prediction']);
    expect(out.data.children[0]).toBe(batch.data.children[0]);
    expect(out.data.children[1]).toBe(batch.data.children[1]);
    const st = state(m);
    for (let i = 0; i < 10; i++) {
      const x = rows.features.subarray((i + 5) * 3, (i + 6) * 3);
      const expected = st.intercept + x.reduce((s, v, j) => s + v * st.coefficients[j]!, 0);
      expect(out.getChild('prediction')!.get(i)).toBeCloseTo(expected, 12);
    }
  });

  it('a null feature vector when scoring is an error (the prediction column is not nullable)', () => {
    const rows = regressionRows(3);
    const m = fit(regressionRows(20));
    const batch = makeBatch([{ name: 'features', type: 'vector', nullable: true, vectorSize: 3 }, { name: 'label', type: 'float64', nullable: false }],
      [vectorData(rows.features, 3, 3, Uint8Array.of(1, 0, 1)), fixedData(new Float64(), rows.columns.label!, 3)], 3);
    const ctx = context('model.linearRegression', DEFAULTS, batch, PREDICTION);
    expect(() => LINEAR_REGRESSION.apply(ctx, m, batch, 'out')).toThrow(/'features' \(featuresCol\) is null in row 1/);
  });
});
