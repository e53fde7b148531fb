import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { batchOf, rowsOf } from '../../compute/batches.test-helper.ts';
import { duckdb } from '../../compute/duckdb.test-helper.ts';
import { fitIn, stageContext, withVector } from './stage.test-helper.ts';
import { data, duckStats } from './scaler-data.test-helper.ts';
import { standardScaler } from './standard-scaler.ts';

let conn: DuckDBConnection;
beforeAll(async () => { conn = await duckdb(); });
afterAll(() => { conn.closeSync(); });

describe('feature.standardScaler', () => {
  for (const [withMean, withStd] of [[false, true], [true, true], [true, false], [false, false]] as const) {
    it(`withMean ${withMean}, withStd ${withStd}: mean and stddev_samp as DuckDB from 1 or 3 partials; applied on a slice`, async () => {
      const { vec, batch } = data();
      const want = await duckStats(conn, vec);
      const ctx = stageContext('feature.standardScaler', { inputCol: 'v', outputCol: 's', withMean, withStd }, batch);
      for (const parts of [1, 3]) {
        const st = fitIn(standardScaler, ctx, batch, parts).state as { mean: number[]; std: number[] };
        want.forEach((w, j) => { expect(st.mean[j]).toBeCloseTo(w.mean, 9); expect(st.std[j]).toBeCloseTo(w.std, 9); });
      }
      const model = fitIn(standardScaler, ctx, batch, 3);
      const slice = batch.slice(30, 200);
      const out = standardScaler.apply(ctx, model, slice, 'out');
      expect(out.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(['id:Int32', 'v:FixedSizeList[3]<Float64>', 's:FixedSizeList[3]<Float64>']);
      expect(out.data.children[1]).toBe(slice.data.children[1]);
      rowsOf(out).forEach((row, i) => {
        const x = vec[30 + i];
        if (!x) { expect(row[2]).toBeNull(); return; }
        const got = row[2] as number[];
        want.forEach((w, j) => {
          const centred = withMean ? x[j]! - w.mean : x[j]!;
          expect(got[j]).toBeCloseTo(withStd ? (w.std === 0 ? 0 : centred / w.std) : centred, 9);
        });
      });
    });
  }

  it('as pyspark: small data, a single row (std 0 -> 0), NaN propagates, empty input fails', () => {
    const b = withVector(batchOf([{ name: 'k', type: 'int32', values: [1, 2, 3] }]), 'v', [[1, 5, 0], [2, 5, -3], [4, 5, 9]], 3);
    const ctx = stageContext('feature.standardScaler', { inputCol: 'v', outputCol: 's', withMean: true }, b);
    const m = fitIn(standardScaler, ctx, b, 2);
    const st = m.state as { mean: number[]; std: number[] };
    [2.3333333333333335, 5, 2].forEach((x, j) => expect(st.mean[j]).toBeCloseTo(x, 12));
    [1.5275252316519465, 0, 6.244997998398398].forEach((x, j) => expect(st.std[j]).toBeCloseTo(x, 12));
    const want = [[-0.8729, 0, -0.3203], [-0.2182, 0, -0.8006], [1.0911, 0, 1.1209]];
    rowsOf(standardScaler.apply(ctx, m, b, 'out')).forEach((r, i) => (r[2] as number[]).forEach((x, j) => expect(x).toBeCloseTo(want[i]![j]!, 4)));
    const single = fitIn(standardScaler, ctx, b.slice(0, 1), 1).state as { std: number[] };
    expect(single.std).toEqual([0, 0, 0]);
    const nb = withVector(batchOf([{ name: 'k', type: 'int32', values: [1, 2] }]), 'v', [[1, NaN], [3, 2]], 2);
    const cn = stageContext('feature.standardScaler', { inputCol: 'v', outputCol: 's', withMean: true }, nb);
    const mn = fitIn(standardScaler, cn, nb, 2);
    expect((mn.state as { mean: unknown[] }).mean).toEqual([2, 'NaN']);
    const rows = rowsOf(standardScaler.apply(cn, mn, nb, 'out')).map((r) => r[2] as number[]);
    expect(rows[0]![0]).toBeCloseTo(-0.7071, 4);
    expect(rows[1]![1]).toBeNaN();
    expect(() => fitIn(standardScaler, ctx, b.slice(0, 0), 2)).toThrow(/node 'n1': feature\.standardScaler: column 'v' \(inputCol\) has no non-null vector to fit on/);
  });
});
