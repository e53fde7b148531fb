import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Float64 } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import { makeBatch } from '../../compute/arrow-types.ts';
import { fixedData } from '../../compute/arrow-build.ts';
import { duckdb, loadTable, query } from '../../compute/duckdb.test-helper.ts';
import { rng } from '../../compute/batches.test-helper.ts';
import type { Field } from '../../types.ts';
import { vectorData } from '../vector.ts';
import { EVALUATE } from './evaluate.ts';
import { context, cuts, fitPartitions } from './rows.test-helper.ts';

const SPARK = JSON.parse(readFileSync(new URL('./spark-reference.json', import.meta.url), 'utf8')) as Record<string, number>;

/** spark-reference.py ev_rows: y, p (regression), lab, score, prob (binary), cls, pred (multiclass). */
function evalColumns(n = 40): Record<string, Float64Array> {
  const c: Record<string, Float64Array> = {};
  for (const k of ['y', 'p', 'lab', 'score', 'cls', 'pred']) c[k] = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const y = 3 * Math.sin(0.5 * i) + i * 0.1;
    c.y![i] = y;
    c.p![i] = y + 0.5 * Math.sin(3.3 * i);
    c.lab![i] = Math.sin(1.7 * i) + 0.6 * Math.cos(0.9 * i) > 0 ? 1 : 0;
    c.score![i] = pyRound(Math.sin(1.7 * i) * 4) / 4;
    c.cls![i] = i % 3;
    c.pred![i] = (i * i + Math.floor(i / 5)) % 4;
  }
  return c;
}

/** Python's round(): halves to even. */
function pyRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function batchOf(cols: Record<string, Float64Array>, start: number, end: number): RecordBatch {
  const fields: Field[] = [];
  const data = [];
  for (const [name, v] of Object.entries(cols)) {
    fields.push({ name, type: 'float64', nullable: false });
    data.push(fixedData(new Float64(), v.slice(start, end), end - start));
  }
  const score = cols.score!.slice(start, end);
  fields.push({ name: 'prob', type: 'vector', nullable: false, vectorSize: 2 });
  data.push(vectorData(Float64Array.from({ length: 2 * score.length }, (_, i) => (i % 2 ? score[i >> 1]! : 1 - score[i >> 1]!)), 2, score.length));
  return makeBatch(fields, data, end - start);
}

function evaluate(cols: Record<string, Float64Array>, metric: string, labelCol: string, predictionCol: string, parts = 1): number | null {
  const n = cols[labelCol]!.length;
  const ctx = context('model.evaluate', { metric, labelCol, predictionCol }, batchOf(cols, 0, 0), []);
  const m = fitPartitions(EVALUATE, ctx, cuts(n, parts).map(([a, b]) => [batchOf(cols, a, Math.floor((a + b) / 2)), batchOf(cols, Math.floor((a + b) / 2), b)]));
  expect(m.state).toEqual({ metric, value: m.summary.value });
  return (m.state as { value: number | null }).value;
}

describe('model.evaluate against Spark 4.3 (spark-reference.py)', () => {
  const cols = evalColumns();
  const cases: [string, string, string, string][] = [
    ['rmse', 'y', 'p', 'evaluate.rmse'], ['mse', 'y', 'p', 'evaluate.mse'], ['mae', 'y', 'p', 'evaluate.mae'], ['r2', 'y', 'p', 'evaluate.r2'],
    ['areaUnderROC', 'lab', 'score', 'evaluate.areaUnderROC'], ['areaUnderROC', 'lab', 'prob', 'evaluate.areaUnderROC.vector'],
    ['accuracy', 'cls', 'pred', 'evaluate.accuracy'], ['f1', 'cls', 'pred', 'evaluate.f1'],
  ];
  for (const [metric, label, prediction, key] of cases) {
    it(`${metric} of ${prediction}: Spark's value within 1e-12, for 1 and 3 partitions`, () => {
      expect(Math.abs(evaluate(cols, metric, label, prediction)! - SPARK[key]!)).toBeLessThan(1e-12);
      expect(Math.abs(evaluate(cols, metric, label, prediction, 3)! - SPARK[key]!)).toBeLessThan(1e-12);
    });
  }
});

describe('model.evaluate against independent computations', () => {
  it('regression metrics match DuckDB on 1000 rows in 4 partitions', async () => {
    const r = rng(7);
    const n = 1000;
    const y = Float64Array.from({ length: n }, () => 1e4 + r() * 50);
    const p = Float64Array.from(y, (v) => v + (r() - 0.5) * 8);
    const conn = await duckdb();
    await loadTable(conn, 't', [{ name: 'y', type: 'float64', values: [...y] }, { name: 'p', type: 'float64', values: [...p] }]);
    const [rmse, mse, mae, r2] = (await query(conn, `SELECT sqrt(avg((y - p) ^ 2)), avg((y - p) ^ 2), avg(abs(y - p)),
      1 - sum((y - p) ^ 2) / (var_samp(y) * (count(*) - 1)) FROM t`))[0] as number[];
    const cols = { y, p, lab: new Float64Array(n), score: new Float64Array(n) };
    expect(evaluate(cols, 'rmse', 'y', 'p', 4)).toBeCloseTo(rmse!, 10);
    expect(evaluate(cols, 'mse', 'y', 'p', 4)).toBeCloseTo(mse!, 9);
    expect(evaluate(cols, 'mae', 'y', 'p', 4)).toBeCloseTo(mae!, 10);
    expect(evaluate(cols, 'r2', 'y', 'p', 4)).toBeCloseTo(r2!, 10);
    conn.closeSync();
  });

  it('areaUnderROC equals the pairwise (Mann-Whitney) count with ties as one half', () => {
    const r = rng(11);
    const n = 500;
    const score = Float64Array.from({ length: n }, () => Math.floor(r() * 30) / 10); // many ties
    const lab = Float64Array.from(score, (s) => (r() < 0.2 + s / 4 ? 1 : 0));
    let wins = 0, pairs = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      if (lab[i] !== 1 || lab[j] !== 0) continue;
      pairs++;
      wins += score[i]! > score[j]! ? 1 : score[i] === score[j] ? 0.5 : 0;
    }
    const cols = { y: new Float64Array(n), p: new Float64Array(n), lab, score };
    expect(evaluate(cols, 'areaUnderROC', 'lab', 'score', 1)).toBeCloseTo(wins / pairs, 12);
    expect(evaluate(cols, 'areaUnderROC', 'lab', 'score', 5)).toBeCloseTo(wins / pairs, 12);
  });

  it('weighted f1 and accuracy by hand on a 3x3 confusion', () => {
    // label 0: predicted 0,0,1 ; label 1: predicted 1,2 ; label 2: predicted 2, 0, 0, 2
    const cls = Float64Array.of(0, 0, 0, 1, 1, 2, 2, 2, 2);
    const pred = Float64Array.of(0, 0, 1, 1, 2, 2, 0, 0, 2);
    const cols = { cls, pred };
    // precision: 0 -> 2/4, 1 -> 1/2, 2 -> 2/3 ; recall: 0 -> 2/3, 1 -> 1/2, 2 -> 2/4
    const f = (p: number, r: number) => (2 * p * r) / (p + r);
    const expected = (3 * f(0.5, 2 / 3) + 2 * f(0.5, 0.5) + 4 * f(2 / 3, 0.5)) / 9;
    const ctx = context('model.evaluate', { metric: 'f1', labelCol: 'cls', predictionCol: 'pred' }, makeBatch([], [], 0), []);
    const batch = makeBatch([{ name: 'cls', type: 'float64', nullable: false }, { name: 'pred', type: 'float64', nullable: false }],
      [fixedData(new Float64(), cols.cls, 9), fixedData(new Float64(), cols.pred, 9)], 9);
    expect((fitPartitions(EVALUATE, ctx, [[batch]]).state as { value: number }).value).toBeCloseTo(expected, 14);
    const acc = fitPartitions(EVALUATE, { ...ctx, params: { ...ctx.params, metric: 'accuracy' } }, [[batch.slice(0, 4)], [batch.slice(4, 9)]]);
    expect((acc.state as { value: number }).value).toBeCloseTo(5 / 9, 14);
  });
});

describe('model.evaluate degenerate inputs', () => {
  it('no rows gives value null for every metric', () => {
    const cols = evalColumns(0);
    for (const [metric, l, p] of [['rmse', 'y', 'p'], ['r2', 'y', 'p'], ['areaUnderROC', 'lab', 'score'], ['f1', 'cls', 'pred'], ['accuracy', 'cls', 'pred']] as const) {
      expect(evaluate(cols, metric, l, p, 2)).toBeNull();
    }
  });

  it('one class only: areaUnderROC null (Spark: NaN); one row: r2 null', () => {
    const cols = evalColumns(10);
    cols.lab!.fill(1);
    expect(evaluate(cols, 'areaUnderROC', 'lab', 'score')).toBeNull();
    expect(evaluate(evalColumns(1), 'r2', 'y', 'p')).toBeNull();
    expect(evaluate(evalColumns(1), 'rmse', 'y', 'p')).toBeCloseTo(0, 15);
  });

  it('a null prediction is an error naming the column and the fix', () => {
    const batch = makeBatch([{ name: 'y', type: 'float64', nullable: false }, { name: 'p', type: 'float64', nullable: true }],
      [fixedData(new Float64(), Float64Array.of(1, 2), 2), fixedData(new Float64(), Float64Array.of(1, 2), 2, Uint8Array.of(0b01))], 2);
    const ctx = context('model.evaluate', { metric: 'rmse', labelCol: 'y', predictionCol: 'p' }, batch, []);
    expect(() => fitPartitions(EVALUATE, ctx, [[batch]])).toThrow(/node 'm1'.*'p' \(predictionCol\) is null in row 1.*transform.dropNulls/);
  });
});
