import { Dictionary, Int32, makeData, Utf8 } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { makeBatch } from './arrow-types.ts';
import { utf8Dictionary } from './arrow-build.ts';

describe('makeBatch', () => {
  it('accepts two dictionary columns made apart with the same id (a join of two scans of one file)', () => {
    // Both scans number their dictionaries by column position: id 7 on each side, own value types.
    const column = (values: string[]) => makeData({
      type: new Dictionary(new Utf8(), new Int32(), 7), length: 2, nullCount: 0,
      data: Int32Array.of(1, 0), dictionary: utf8Dictionary(values),
    });
    const batch = makeBatch(
      [{ name: 'l', type: 'string', nullable: true }, { name: 'r', type: 'string', nullable: true }],
      [column(['a', 'b']), column(['x', 'y'])],
    );
    expect(batch.toArray().map((row) => [row.l, row.r])).toEqual([['b', 'y'], ['a', 'x']]);
    const ids = batch.schema.fields.map((f) => (f.type as Dictionary).id);
    expect(new Set(ids).size).toBe(2);
  });
});
