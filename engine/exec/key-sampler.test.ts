// The key sampler reads numeric keys from their arrays directly: the same sample, counted under
// the same names, as reading each sampled row through Vector.get.

import { Field, Float16, Float64, Int32, Int64, RecordBatch, Schema, Struct, Utf8, makeData, vectorFromArray, type Vector } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { KeySampler } from './key-sampler.ts';

/** The sampler's answer computed the slow way: every 16th row of the concatenated batches through get(). */
function expected(batches: readonly RecordBatch[], columns: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  let row = 0;
  for (const b of batches) {
    for (let i = 0; i < b.numRows; i++, row++) {
      if (row % 16 !== 0) continue;
      const key = columns.map((c) => String(b.getChild(c)!.get(i))).join(', ');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

function sampled(batches: readonly RecordBatch[], columns: readonly string[]): Map<string, number> {
  const s = new KeySampler(columns);
  for (const b of batches) s.add(b);
  return (s as unknown as { counts: Map<string, number> }).counts;
}

function batchOf(columns: Record<string, Vector>): RecordBatch {
  const fields = Object.entries(columns).map(([n, v]) => new Field(n, v.type, true));
  const length = Object.values(columns)[0]!.length;
  return new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length, children: Object.values(columns).map((v) => v.data[0]!) }));
}

describe('KeySampler', () => {
  const n = 5000;
  const ints = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : i % 3 === 0 ? 42 : i % 97));
  const cases: [string, () => RecordBatch[]][] = [
    ['int32 with nulls', () => [batchOf({ k: vectorFromArray(ints, new Int32()) })]],
    ['int64', () => [batchOf({ k: vectorFromArray(ints.map((x) => (x === null ? null : BigInt(x) * 10_000_000_000n)), new Int64()) })]],
    ['float64', () => [batchOf({ k: vectorFromArray(ints.map((x) => (x === null ? null : x / 4)), new Float64()) })]],
    ['float16 (read through get)', () => [batchOf({ k: vectorFromArray(ints.map((x) => (x === null ? null : x / 4)), new Float16()) })]],
    ['strings (read through get)', () => [batchOf({ k: vectorFromArray(ints.map((x) => (x === null ? null : `u${x}`)), new Utf8()) })]],
    ['sliced batches of odd sizes, with offsets', () => {
      const whole = batchOf({ k: vectorFromArray(ints, new Int32()) });
      return [whole.slice(3, 1000), whole.slice(1000, 1013), whole.slice(1013, 4999)];
    }],
  ];
  for (const [name, make] of cases) {
    it(`counts the same sample as Vector.get: ${name}`, () => {
      const batches = make();
      const got = sampled(batches, ['k']);
      expect(got).toEqual(expected(batches, ['k']));
      expect(got.get('null') ?? 0).toBeGreaterThan(0);
    });
  }

  it('names a numeric hot key as get() would, and two columns as "a, b"', () => {
    const b = batchOf({ a: vectorFromArray(ints, new Int32()), b: vectorFromArray(ints.map((x) => (x === null ? null : `u${x}`)), new Utf8()) });
    const s = new KeySampler(['a']);
    s.add(b);
    expect(s.top()).toMatchObject({ column: 'a', value: '42' });
    expect(sampled([b], ['a', 'b'])).toEqual(expected([b], ['a', 'b']));
  });
});
