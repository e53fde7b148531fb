import { describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import { batchOf, rng, rowsOf, type ColumnSpec } from '../../compute/batches.test-helper.ts';
import { split } from './split.ts';
import { stageContext, withVector } from './stage.test-helper.ts';

function data(n: number, dictionary = false): { specs: ColumnSpec[]; batch: RecordBatch } {
  const r = rng(5);
  const specs: ColumnSpec[] = [
    { name: 'id', type: 'int32', values: Array.from({ length: n }, (_, i) => i) },
    { name: 's', type: 'string', values: Array.from({ length: n }, () => (r() < 0.1 ? null : ['a', 'bb', 'ccc'][Math.floor(r() * 3)]!)), dictionary },
    { name: 'x', type: 'float64', values: Array.from({ length: n }, () => (r() < 0.1 ? null : r())) },
  ];
  const vec = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : [i % 3, i / 10]));
  return { specs, batch: withVector(batchOf(specs), 'v', vec, 2) };
}

const ids = (b: RecordBatch) => rowsOf(b).map((r) => r[0] as number);

function sides(batch: RecordBatch, parts: number, params: Record<string, unknown> = {}) {
  const ctx = stageContext('feature.split', params, batch, 'train');
  const train: number[] = []; const test: number[] = [];
  const n = batch.numRows;
  for (let p = 0; p < parts; p++) {
    const slice = batch.slice(Math.floor((p * n) / parts), Math.floor(((p + 1) * n) / parts));
    train.push(...ids(split.apply(ctx, undefined, slice, 'train')));
    test.push(...ids(split.apply(ctx, undefined, slice, 'test')));
  }
  return { train, test };
}

describe('feature.split', () => {
  it('train and test are disjoint, cover every row, near the normalized ratios, and keep the schema', () => {
    const { batch } = data(10000);
    const { train, test } = sides(batch, 1, { ratios: [3, 1] });
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(Array.from({ length: 10000 }, (_, i) => i));
    expect(Math.abs(train.length / 10000 - 0.75)).toBeLessThan(0.03); // sd of the fraction ~0.0043
    const ctx = stageContext('feature.split', {}, batch, 'test');
    const out = split.apply(ctx, undefined, batch, 'test');
    expect(out.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(batch.schema.fields.map((f) => `${f.name}:${f.type}`));
    expect(Math.abs(out.numRows / 10000 - 0.2)).toBeLessThan(0.03);
  });

  it('is the same split for 1 or 3 partitions, for plain or dictionary strings, and changes with the seed', () => {
    const one = sides(data(3000).batch, 1);
    const three = sides(data(3000).batch, 3);
    const dict = sides(data(3000, true).batch, 4);
    expect(three).toEqual(one);
    expect(dict).toEqual(one);
    const other = sides(data(3000).batch, 1, { seed: 43 });
    expect(other.train).not.toEqual(one.train);
    expect(Math.abs(other.train.length / 3000 - 0.8)).toBeLessThan(0.05);
  });

  it('keeps the assignment it has always made (a change of sides fails here)', () => {
    // Train ids of 48 rows (int32, strings with nulls, float64 with nulls, vectors with nulls),
    // as the first version of the split assigned them: the sides must never move.
    const r = rng(11);
    const batch = withVector(batchOf([
      { name: 'id', type: 'int32', values: Array.from({ length: 48 }, (_, i) => i) },
      { name: 's', type: 'string', values: Array.from({ length: 48 }, () => (r() < 0.1 ? null : ['a', 'bb', 'ccc'][Math.floor(r() * 3)]!)) },
      { name: 'x', type: 'float64', values: Array.from({ length: 48 }, () => (r() < 0.1 ? null : r())) },
    ]), 'v', Array.from({ length: 48 }, (_, i) => (i % 7 === 0 ? null : [i % 3, i / 10])), 2);
    expect(sides(batch, 2).train).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 19, 20, 21, 22, 23, 25, 26, 27, 28, 29, 30, 31, 32, 34, 35, 37, 38, 39, 40, 43, 44, 45, 46, 47]);
    expect(sides(batch, 3, { seed: 7, ratios: [1, 1] }).train).toEqual([0, 2, 3, 4, 6, 9, 10, 13, 14, 15, 16, 19, 23, 24, 26, 27, 28, 30, 31, 32, 33, 34, 37, 40, 43, 44, 45, 46, 47]);
  });

  it('empty input gives empty sides', () => {
    const { batch } = data(10);
    const ctx = stageContext('feature.split', {}, batch, 'train');
    expect(split.apply(ctx, undefined, batch.slice(0, 0), 'train').numRows).toBe(0);
    expect(split.apply(ctx, undefined, batch.slice(0, 0), 'test').numRows).toBe(0);
  });
});
