import { describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import { batchOf, rng, rowsOf, type ColumnSpec } from '../../exec/kernels/test-data.ts';
import { split } from './split.ts';
import { stageContext, withVector } from './test-stage.ts';

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

  it('empty input gives empty sides', () => {
    const { batch } = data(10);
    const ctx = stageContext('feature.split', {}, batch, 'train');
    expect(split.apply(ctx, undefined, batch.slice(0, 0), 'train').numRows).toBe(0);
    expect(split.apply(ctx, undefined, batch.slice(0, 0), 'test').numRows).toBe(0);
  });
});
