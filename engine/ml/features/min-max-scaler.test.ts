import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { batchOf, rowsOf } from '../../compute/batches.test-helper.ts';
import { duckdb } from '../../compute/duckdb.test-helper.ts';
import { fitIn, stageContext, withVector } from './stage.test-helper.ts';
import { data, duckStats } from './scaler-data.test-helper.ts';
import { minMaxScaler } from './min-max-scaler.ts';

let conn: DuckDBConnection;
beforeAll(async () => { conn = await duckdb(); });
afterAll(() => { conn.closeSync(); });

const num = (x: number | string) => Number(x);

describe('feature.minMaxScaler', () => {
  it('min and max as DuckDB from 1 or 3 partials; rescaled into [min, max], a constant element -> 0.5 * (max + min)', async () => {
    const { vec, batch } = data();
    const want = await duckStats(conn, vec);
    const ctx = stageContext('feature.minMaxScaler', { inputCol: 'v', outputCol: 's', min: -2, max: 4 }, batch);
    for (const parts of [1, 3]) {
      const st = fitIn(minMaxScaler, ctx, batch, parts).state as { originalMin: number[]; originalMax: number[] };
      expect(st.originalMin.map(num)).toEqual(want.map((w) => w.min));
      expect(st.originalMax.map(num)).toEqual(want.map((w) => w.max));
    }
    const model = fitIn(minMaxScaler, ctx, batch, 3);
    const out = minMaxScaler.apply(ctx, model, batch.slice(5), 'out');
    rowsOf(out).forEach((row, i) => {
      const x = vec[5 + i];
      if (!x) { expect(row[2]).toBeNull(); return; }
      want.forEach((w, j) => {
        const expected = w.max === w.min ? 0.5 * (4 + -2) : ((x[j]! - w.min) / (w.max - w.min)) * 6 - 2;
        expect((row[2] as number[])[j]).toBeCloseTo(expected, 9);
      });
    });
  });

  it('as pyspark: [-1, 3] range on small data; NaN ignored when fitting and kept when applying; empty input fails', () => {
    const b = withVector(batchOf([{ name: 'k', type: 'int32', values: [1, 2, 3] }]), 'v', [[1, 5, 0], [2, 5, -3], [4, 5, 9]], 3);
    const ctx = stageContext('feature.minMaxScaler', { inputCol: 'v', outputCol: 's', min: -1, max: 3 }, b);
    const want = [[-1, 1, 0], [0.3333, 1, -1], [3, 1, 3]];
    rowsOf(minMaxScaler.apply(ctx, fitIn(minMaxScaler, ctx, b, 2), b, 'out')).forEach((r, i) => (r[2] as number[]).forEach((x, j) => expect(x).toBeCloseTo(want[i]![j]!, 4)));
    const nb = withVector(batchOf([{ name: 'k', type: 'int32', values: [1, 2] }]), 'v', [[1, NaN], [3, 2]], 2);
    const cn = stageContext('feature.minMaxScaler', { inputCol: 'v', outputCol: 's' }, nb);
    const m = fitIn(minMaxScaler, cn, nb, 2);
    expect(m.state).toEqual({ originalMin: [1, 2], originalMax: [3, 2] });
    const rows = rowsOf(minMaxScaler.apply(cn, m, nb, 'out')).map((r) => r[2] as number[]);
    expect(rows[0]![0]).toBe(0); expect(rows[0]![1]).toBeNaN();
    expect(rows[1]).toEqual([1, 0.5]);
    expect(() => fitIn(minMaxScaler, ctx, b.slice(0, 0), 1)).toThrow(/has no non-null vector to fit on/);
  });
});
