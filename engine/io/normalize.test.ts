import { describe, expect, it } from 'vitest';
import { Field, Float64, List, makeData } from 'apache-arrow';
import { normalizeData } from './normalize.ts';
import { readVectors } from '../ml/vector.ts';

/** A List<Float64> column as parquet-wasm hands over a vector column: null rows are empty lists. */
function listColumn(rows: (number[] | null)[]) {
  const offsets = new Int32Array(rows.length + 1);
  const flat: number[] = [];
  const valid = new Uint8Array((rows.length + 7) >> 3);
  rows.forEach((r, i) => {
    if (r) { flat.push(...r); valid[i >> 3]! |= 1 << (i & 7); }
    offsets[i + 1] = flat.length;
  });
  const child = makeData({ type: new Float64(), length: flat.length, nullCount: 0, data: Float64Array.from(flat) });
  const nullCount = rows.filter((r) => r === null).length;
  return makeData({ type: new List(new Field('item', new Float64(), true)), length: rows.length, nullCount, nullBitmap: valid, valueOffsets: offsets, child });
}

describe('normalizeData: vector columns read as lists', () => {
  it('takes the size from the first non-null row and keeps null rows null (a null first row made it fail)', () => {
    const d = normalizeData(listColumn([null, [1, 2], [3, 4], null, [5, 6]]), { name: 'v', type: 'vector', nullable: true }, 'test');
    const v = readVectors(d);
    expect(v.size).toBe(2);
    expect(d.nullCount).toBe(2);
    expect([0, 1, 2, 3, 4].map((i) => d.getValid(i))).toEqual([false, true, true, false, true]);
    expect([...v.values.subarray(2, 6)]).toEqual([1, 2, 3, 4]);
    expect([...v.values.subarray(8, 10)]).toEqual([5, 6]);
  });

  it('refuses rows of different lengths, naming the column', () => {
    expect(() => normalizeData(listColumn([[1, 2], [3]]), { name: 'v', type: 'vector', nullable: true }, 'file x'))
      .toThrow("file x: column 'v' holds lists of different lengths; a vector column needs the same length in every row");
  });
});
