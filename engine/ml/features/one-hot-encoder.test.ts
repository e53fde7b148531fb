import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { batchOf, rng, rowsOf } from '../../compute/batches.test-helper.ts';
import { duckdb, loadTable, query } from '../../compute/duckdb.test-helper.ts';
import { oneHotEncoder } from './one-hot-encoder.ts';
import { fitIn, stageContext } from './stage.test-helper.ts';

let conn: DuckDBConnection;
beforeAll(async () => { conn = await duckdb(); });
afterAll(() => { conn.closeSync(); });

const categories = (m: { state: unknown }) => (m.state as { categories: number }).categories;

describe('feature.oneHotEncoder', () => {
  for (const dropLast of [true, false]) {
    it(`dropLast ${dropLast}: categories = max + 1 as DuckDB finds, same from 1 or 3 partials; one 1 per row, null -> null`, async () => {
      const r = rng(4);
      const idx = Array.from({ length: 200 }, () => (r() < 0.1 ? null : Math.floor(r() * r() * 7)));
      await loadTable(conn, 't', [{ name: 'k', type: 'float64', values: idx }]);
      const [[max]] = await query(conn, 'select max(k) from t') as [[number]];
      const batch = batchOf([{ name: 'k', type: 'float64', values: idx }, { name: 'ki', type: 'int32', values: idx }]);
      const ctx = stageContext('feature.oneHotEncoder', { inputCol: 'k', outputCol: 'v', dropLast }, batch);
      const m1 = fitIn(oneHotEncoder, ctx, batch, 1);
      expect(categories(m1)).toBe(max + 1);
      expect(categories(fitIn(oneHotEncoder, ctx, batch, 3))).toBe(max + 1);
      const size = max + (dropLast ? 0 : 1);
      const slice = batch.slice(20, 180);
      const out = oneHotEncoder.apply(ctx, m1, slice, 'out');
      expect(String(out.schema.fields[2]!.type)).toBe(`FixedSizeList[${size}]<Float64>`);
      expect(out.data.children[1]).toBe(slice.data.children[1]);
      rowsOf(out).forEach((row, j) => {
        const k = idx[20 + j]!;
        if (k === null) { expect(row[2]).toBeNull(); return; }
        expect(row[2]).toEqual(Array.from({ length: size }, (_, c) => (c === k ? 1 : 0)));
      });
      // An int32 index column encodes the same.
      const ci = stageContext('feature.oneHotEncoder', { inputCol: 'ki', outputCol: 'v', dropLast }, batch);
      expect(rowsOf(oneHotEncoder.apply(ci, fitIn(oneHotEncoder, ci, batch, 2), slice, 'out')).map((r2) => r2[2])).toEqual(rowsOf(out).map((r2) => r2[2]));
    });
  }

  it('as pyspark: [0, 2, 1] -> 3 categories; a single category with dropLast gives size 0; 1.5 applies as 1', () => {
    const b = batchOf([{ name: 'x', type: 'float64', values: [0, 2, 1] }]);
    const ctx = stageContext('feature.oneHotEncoder', { inputCol: 'x', outputCol: 'v' }, b);
    const m = fitIn(oneHotEncoder, ctx, b, 2);
    expect(categories(m)).toBe(3);
    expect(rowsOf(oneHotEncoder.apply(ctx, m, b, 'out')).map((r) => r[1])).toEqual([[1, 0], [0, 0], [0, 1]]);
    expect(rowsOf(oneHotEncoder.apply(ctx, m, batchOf([{ name: 'x', type: 'float64', values: [1.5] }]), 'out'))[0]![1]).toEqual([0, 1]);
    const one = batchOf([{ name: 'x', type: 'float64', values: [0] }]);
    const out = oneHotEncoder.apply(ctx, fitIn(oneHotEncoder, ctx, one, 1), one, 'out');
    expect(String(out.schema.fields[1]!.type)).toBe('FixedSizeList[0]<Float64>');
  });

  it('fails clearly: a non-index when fitting, an unseen / negative / NaN index when applying, no values at all', () => {
    const b = batchOf([{ name: 'x', type: 'float64', values: [0, 1, null] }]);
    const ctx = stageContext('feature.oneHotEncoder', { inputCol: 'x', outputCol: 'v' }, b);
    for (const bad of [1.5, -1, NaN]) {
      const fb = batchOf([{ name: 'x', type: 'float64', values: [0, bad] }]);
      expect(() => fitIn(oneHotEncoder, ctx, fb, 1)).toThrow(/column 'x' \(inputCol\) must hold category indices .*feature\.stringIndexer/);
    }
    const m = fitIn(oneHotEncoder, ctx, b, 1);
    for (const bad of [2, -1, NaN]) {
      expect(() => oneHotEncoder.apply(ctx, m, batchOf([{ name: 'x', type: 'float64', values: [bad] }]), 'out')).toThrow(/of column 'x' \(inputCol\) is not a category index from 0 to 1/);
    }
    expect(() => fitIn(oneHotEncoder, ctx, b.slice(2, 3), 1)).toThrow(/has no non-null value/);
    expect(() => fitIn(oneHotEncoder, ctx, b.slice(0, 0), 1)).toThrow(/has no non-null value/);
  });
});
