import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { batchOf, rng, rowsOf } from '../../compute/batches.test-helper.ts';
import { duckdb, loadTable, query } from '../../compute/duckdb.test-helper.ts';
import { bucketizer } from './bucketizer.ts';
import { stageContext } from './stage.test-helper.ts';

let conn: DuckDBConnection;
beforeAll(async () => { conn = await duckdb(); });
afterAll(() => { conn.closeSync(); });

const SPLITS = [-5, -1, 0, 2.5, 10];

describe('feature.bucketizer', () => {
  it('buckets as DuckDB counts the splits at or below the value (last bucket closed), null -> null, on a slice', async () => {
    const r = rng(3);
    const x = Array.from({ length: 300 }, (_, i) => (i % 17 === 0 ? null : i % 23 === 0 ? SPLITS[i % 5]! : Math.round((r() * 15 - 5) * 4) / 4));
    const i32 = x.map((v) => (v === null ? null : Math.floor(v)));
    await loadTable(conn, 't', [{ name: 'id', type: 'int32', values: x.map((_, i) => i) }, { name: 'x', type: 'float64', values: x }]);
    await conn.run(`create or replace table s as select unnest([${SPLITS.join(',')}]::double[]) as v`);
    const want = await query(conn, `select id, case when x is null then null else least((select count(*) from s where v <= t.x) - 1, ${SPLITS.length - 2})::double end from t order by id`);
    const batch = batchOf([{ name: 'x', type: 'float64', values: x }, { name: 'i', type: 'int32', values: i32 }]);
    const ctx = stageContext('feature.bucketizer', { inputCol: 'x', outputCol: 'b', splits: SPLITS }, batch);
    const slice = batch.slice(40, 260);
    const out = bucketizer.apply(ctx, undefined, slice, 'out');
    expect(out.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(['x:Float64', 'i:Int32', 'b:Float64']);
    expect(out.data.children[0]).toBe(slice.data.children[0]);
    rowsOf(out).forEach((row, j) => expect(row[2]).toBe(want[40 + j]![1]));
    // An int32 column is bucketed as its double value.
    const ci = stageContext('feature.bucketizer', { inputCol: 'i', outputCol: 'b', splits: SPLITS }, batch);
    rowsOf(bucketizer.apply(ci, undefined, batch, 'out')).forEach((row, j) => {
      const v = i32[j]!;
      expect(row[2]).toBe(v === null ? null : v === 10 ? 3 : SPLITS.filter((s) => s <= v).length - 1);
    });
    expect(bucketizer.apply(ctx, undefined, batch.slice(0, 0), 'out').numRows).toBe(0);
  });

  it('-0.0 sorts below 0.0 as in Java (pyspark: -0.0 -> 0, 0.0 -> 1 with splits [-1, 0, 1, 10])', () => {
    const b = batchOf([{ name: 'x', type: 'float64', values: [-0, 0, 1, 10, 0.5] }]);
    const ctx = stageContext('feature.bucketizer', { inputCol: 'x', outputCol: 'b', splits: [-1, 0, 1, 10] }, b);
    expect(rowsOf(bucketizer.apply(ctx, undefined, b, 'out')).map((r) => r[1])).toEqual([0, 1, 2, 2, 1]);
    const c2 = stageContext('feature.bucketizer', { inputCol: 'x', outputCol: 'b', splits: [-1, -0, 1] }, b.slice(0, 2));
    expect(rowsOf(bucketizer.apply(c2, undefined, b.slice(0, 2), 'out')).map((r) => r[1])).toEqual([1, 1]);
  });

  it('fails on a value out of bounds and on NaN, naming the column and the fix', () => {
    const b = batchOf([{ name: 'x', type: 'float64', values: [1, 11] }, { name: 'y', type: 'float64', values: [NaN, 1] }]);
    const ctx = stageContext('feature.bucketizer', { inputCol: 'x', outputCol: 'b', splits: [-1, 0, 10] }, b);
    expect(() => bucketizer.apply(ctx, undefined, b, 'out')).toThrow(/value 11\.0 of column 'x' \(inputCol\) is out of the bucket bounds \[-1\.0, 10\.0\]: widen splits/);
    const cy = stageContext('feature.bucketizer', { inputCol: 'y', outputCol: 'b', splits: [-1, 0, 10] }, b);
    expect(() => bucketizer.apply(cy, undefined, b, 'out')).toThrow(/column 'y' \(inputCol\) is NaN/);
  });
});
