import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { batchOf, rng, rowsOf, type ColumnSpec } from '../../compute/batches.test-helper.ts';
import { duckdb, loadTable, query } from '../../compute/duckdb.test-helper.ts';
import { imputer } from './imputer.ts';
import { fitIn, stageContext } from './stage.test-helper.ts';

let conn: DuckDBConnection;
beforeAll(async () => { conn = await duckdb(); });
afterAll(() => { conn.closeSync(); });

/** 200 rows: d float64 with nulls, NaN and -1 (a missingValue), i int32 and l int64 with nulls. */
function data(): ColumnSpec[] {
  const r = rng(7);
  const d: (number | null)[] = []; const i32: (number | null)[] = []; const i64: (number | null)[] = [];
  for (let k = 0; k < 200; k++) {
    const u = r();
    d.push(u < 0.1 ? null : u < 0.15 ? NaN : u < 0.2 ? -1 : Math.round(r() * 1000) / 10);
    i32.push(r() < 0.1 ? null : Math.floor(r() * 21) - 7);
    i64.push(r() < 0.1 ? null : Math.floor(r() * 9));
  }
  return [{ name: 'd', type: 'float64', values: d }, { name: 'i', type: 'int32', values: i32 }, { name: 'l', type: 'int64', values: i64 }];
}

/** The surrogate DuckDB computes over the values Spark keeps (not null, not NaN, not missing). */
async function expected(strategy: string, col: string, missing: number | null): Promise<number> {
  const keep = `"${col}" is not null and not isnan("${col}"::double)${missing === null ? '' : ` and "${col}" <> ${missing}`}`;
  const sql = strategy === 'mean' ? `select avg("${col}"::double) from t where ${keep}`
    : strategy === 'median' ? `select quantile_disc("${col}"::double, 0.5) from t where ${keep}` // the lower median, as Spark's approxQuantile on small data
      : `select "${col}"::double from t where ${keep} group by 1 order by count(*) desc, 1 asc limit 1`;
  return Number((await query(conn, sql))[0]![0]);
}

describe('feature.imputer', () => {
  for (const strategy of ['mean', 'median', 'mode']) {
    for (const missing of [NaN, -1]) {
      it(`${strategy}, missingValue ${missing}: surrogates as DuckDB, the same from 1 or 3 partitions, applied per Spark`, async () => {
        const specs = data();
        await loadTable(conn, 't', specs);
        const batch = batchOf(specs);
        const ctx = stageContext('feature.imputer', { inputCols: ['d', 'i', 'l'], outputCols: ['d2', 'i', 'l2'], strategy, missingValue: missing }, batch);
        const m1 = fitIn(imputer, ctx, batch, 1);
        const m3 = fitIn(imputer, ctx, batch, 3);
        const s1 = (m1.state as { surrogates: number[] }).surrogates;
        const s3 = (m3.state as { surrogates: number[] }).surrogates;
        for (let k = 0; k < 3; k++) {
          const want = await expected(strategy, ['d', 'i', 'l'][k]!, Number.isNaN(missing) ? null : missing);
          expect(s1[k]).toBeCloseTo(want, 9);
          expect(s3[k]).toBeCloseTo(s1[k]!, 9);
        }
        // Apply on a slice: d2 appended, i replaced in place (int: truncated surrogate), l2 appended.
        const out = imputer.apply(ctx, m3, batch.slice(50, 150), 'out');
        expect(out.schema.fields.map((f) => f.name)).toEqual(ctx.outputSchema.fields.map((f) => f.name));
        expect(out.schema.fields.map((f) => String(f.type))).toEqual(['Float64', 'Int32', 'Int64', 'Float64', 'Int64']);
        const rows = rowsOf(out);
        rows.forEach((r, j) => {
          const src = specs.map((s) => s.values[50 + j]);
          const d = src[0] as number | null;
          expect(r[0]).toEqual(d); // the input column is kept as it was
          const dMissing = d === null || Object.is(d, missing) || d === missing || (Number.isNaN(missing) && Number.isNaN(d));
          if (dMissing) expect(r[3]).toBeCloseTo(s3[0]!, 9); else expect(r[3]).toEqual(d);
          const i = src[1] as number | null;
          expect(r[1]).toBe(i === null || i === missing ? Math.trunc(s3[1]!) : i);
          const l = src[2] as number | null;
          expect(r[4]).toBe(BigInt(l === null || l === missing ? Math.trunc(s3[2]!) : l));
        });
      });
    }
  }

  it('casts an integer surrogate toward zero (pyspark: mean 2.6 -> 2, mean -1.5 -> -1) and keeps a NaN that is not the missingValue', () => {
    const batch = batchOf([
      { name: 'i', type: 'int32', values: [1, 2, null, 4, 2, 4] },
      { name: 'n', type: 'int32', values: [-1, -2, null, -1, -2, null] },
      { name: 'x', type: 'float64', values: [-1, NaN, 3, 5, null, 4] },
    ]);
    const ctx = stageContext('feature.imputer', { inputCols: ['i', 'n', 'x'], missingValue: -1 }, batch);
    const model = fitIn(imputer, ctx, batch, 2);
    // i: -1 is missing too, so (1+2+4+2+4)/5 = 2.6; n: only -2 -2 remain: mean -2; x: (3+5+4)/3 = 4
    expect((model.state as { surrogates: number[] }).surrogates).toEqual([2.6, -2, 4]);
    const rows = rowsOf(imputer.apply(ctx, model, batch, 'out'));
    expect(rows.map((r) => r[0])).toEqual([1, 2, 2, 4, 2, 4]);
    expect(rows.map((r) => r[1])).toEqual([-2, -2, -2, -2, -2, -2]);
    expect(rows.map((r) => r[2])).toEqual([4, NaN, 3, 5, 4, 4]);
    const neg = batchOf([{ name: 'n', type: 'int32', values: [-1, -2, null] }]);
    const c2 = stageContext('feature.imputer', { inputCols: ['n'] }, neg);
    expect(rowsOf(imputer.apply(c2, fitIn(imputer, c2, neg, 1), neg, 'out')).map((r) => r[0])).toEqual([-1, -2, -1]);
  });

  it('median is the lower median and mode ties go to the smallest value (as pyspark)', () => {
    for (const [values, median] of [[[10], 10], [[10, 20], 10], [[10, 20, 30, 40], 20], [[10, 20, 30, 40, 50], 30]] as const) {
      const b = batchOf([{ name: 'x', type: 'float64', values: [...values, null] }]);
      const ctx = stageContext('feature.imputer', { inputCols: ['x'], strategy: 'median' }, b);
      expect((fitIn(imputer, ctx, b, 2).state as { surrogates: number[] }).surrogates).toEqual([median]);
    }
    const b = batchOf([{ name: 'x', type: 'float64', values: [-3, 1, -3, 1, 2] }]);
    const ctx = stageContext('feature.imputer', { inputCols: ['x'], strategy: 'mode' }, b);
    expect((fitIn(imputer, ctx, b, 3).state as { surrogates: number[] }).surrogates).toEqual([-3]);
  });

  it('fails clearly on a column with no usable value, and on empty input', () => {
    const b = batchOf([{ name: 'x', type: 'float64', values: [null, NaN] }, { name: 'y', type: 'float64', values: [1, 2] }]);
    const ctx = stageContext('feature.imputer', { inputCols: ['y', 'x'] }, b);
    expect(() => fitIn(imputer, ctx, b, 2)).toThrow(/node 'n1': feature\.imputer: column 'x' \(inputCols\) has no value to compute the mean from/);
    expect(() => fitIn(imputer, ctx, b.slice(0, 0), 1)).toThrow(/column 'y'/);
  });
});
