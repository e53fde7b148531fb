import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { batchOf, rng, rowsOf, type ColumnSpec } from '../../compute/batches.test-helper.ts';
import { duckdb, loadTable, query } from '../../compute/duckdb.test-helper.ts';
import { vectorAssembler } from './vector-assembler.ts';
import { stageContext, withVector } from './stage.test-helper.ts';

let conn: DuckDBConnection;
beforeAll(async () => { conn = await duckdb(); });
afterAll(() => { conn.closeSync(); });

function data() {
  const r = rng(11); const n = 120;
  const pick = (f: () => number, pNull: number, pNaN = 0) => Array.from({ length: n }, () => { const u = r(); return u < pNull ? null : u < pNull + pNaN ? NaN : f(); });
  const specs: ColumnSpec[] = [
    { name: 'a', type: 'float64', values: pick(() => r() * 10, 0.05, 0.05) },
    { name: 'b', type: 'bool', values: pick(() => (r() < 0.5 ? 1 : 0), 0.05).map((v) => (v === null ? null : v === 1)) },
    { name: 'i', type: 'int32', values: pick(() => Math.floor(r() * 100) - 50, 0.05) },
    { name: 'l', type: 'int64', values: pick(() => Math.floor(r() * 1e6), 0) },
  ];
  const vec = Array.from({ length: n }, () => (r() < 0.05 ? null : [r(), r() < 0.1 ? NaN : r()]));
  return { specs, vec, batch: withVector(batchOf(specs), 'v', vec, 2) };
}

describe('feature.vectorAssembler', () => {
  it('keep: numbers as doubles, bools 1/0, vectors flattened; null -> NaN (a whole vector of them)', () => {
    const { specs, vec, batch } = data();
    const ctx = stageContext('feature.vectorAssembler', { inputCols: ['v', 'a', 'b', 'i', 'l'], handleInvalid: 'keep' }, batch);
    const slice = batch.slice(10, 100);
    const out = vectorAssembler.apply(ctx, undefined, slice, 'out');
    expect(out.schema.fields.map((f) => f.name)).toEqual(['a', 'b', 'i', 'l', 'v', 'features']);
    expect(String(out.schema.fields[5]!.type)).toBe('FixedSizeList[6]<Float64>');
    for (let k = 0; k < 5; k++) expect(out.data.children[k]).toBe(slice.data.children[k]); // input columns not copied
    rowsOf(out).forEach((row, j) => {
      const i = 10 + j;
      const scal = (k: number) => { const v = specs[k]!.values[i]; return v === null ? NaN : typeof v === 'boolean' ? (v ? 1 : 0) : Number(v); };
      const want = [...(vec[i] ?? [NaN, NaN]), scal(0), scal(1), scal(2), scal(3)];
      expect(row[5]).toEqual(want);
      expect(row.slice(0, 4)).toEqual(specs.map((s) => (s.type === 'int64' ? BigInt(s.values[i] as number) : s.values[i])));
    });
  });

  it('skip: drops rows with a null input or a NaN scalar (not a NaN inside a vector), as many rows as DuckDB counts', async () => {
    const { specs, vec, batch } = data();
    await loadTable(conn, 't', [...specs, { name: 'vnull', type: 'bool', values: vec.map((v) => v === null) }]);
    const [[want]] = await query(conn, 'select count(*) from t where a is not null and not isnan(a) and b is not null and i is not null and l is not null and not vnull') as [[bigint]];
    const ctx = stageContext('feature.vectorAssembler', { inputCols: ['a', 'b', 'i', 'l', 'v'], outputCol: 'f', handleInvalid: 'skip' }, batch);
    const out = vectorAssembler.apply(ctx, undefined, batch, 'out');
    expect(out.numRows).toBe(Number(want));
    const rows = rowsOf(out);
    expect(rows.some((r) => (r[5] as number[]).some(Number.isNaN))).toBe(true); // NaN inside v kept
    for (const r of rows) expect((r[5] as number[]).slice(0, 4).some(Number.isNaN)).toBe(false);
  });

  it('error: names the column and the fix for a null and for a NaN; a NaN inside a vector passes (as pyspark)', () => {
    const b = withVector(batchOf([{ name: 'x', type: 'float64', values: [1, null] }, { name: 'y', type: 'float64', values: [NaN, 2] }]), 'v', [[1, NaN], [2, 3]], 2);
    const ctx = stageContext('feature.vectorAssembler', { inputCols: ['v', 'x'] }, b);
    expect(() => vectorAssembler.apply(ctx, undefined, b, 'out')).toThrow(/node 'n1': feature\.vectorAssembler: column 'x' is null in a row .*set handleInvalid to 'skip' or 'keep'/);
    expect(rowsOf(vectorAssembler.apply(ctx, undefined, b.slice(0, 1), 'out'))[0]![3]).toEqual([1, NaN, 1]);
    const c2 = stageContext('feature.vectorAssembler', { inputCols: ['y'] }, b);
    expect(() => vectorAssembler.apply(c2, undefined, b, 'out')).toThrow(/column 'y' is NaN/);
  });

  it('empty input gives an empty vector column of the right size', () => {
    const { batch } = data();
    const ctx = stageContext('feature.vectorAssembler', { inputCols: ['a', 'v'] }, batch);
    const out = vectorAssembler.apply(ctx, undefined, batch.slice(0, 0), 'out');
    expect(out.numRows).toBe(0);
    expect(String(out.schema.fields.at(-1)!.type)).toBe('FixedSizeList[3]<Float64>');
  });
});
