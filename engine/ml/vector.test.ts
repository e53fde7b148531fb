import { describe, expect, it } from 'vitest';
import { readVectors, vectorData } from './vector.ts';

describe('vector columns', () => {
  it('round-trips values and nulls, and reads a sliced column from its own first row', () => {
    const values = Float64Array.from({ length: 12 }, (_, i) => i);
    const valid = Uint8Array.of(1, 0, 1, 1); // row 1 null
    const d = vectorData(values, 3, 4, valid);
    const all = readVectors(d);
    expect([...all.values]).toEqual([...values]);
    expect(all.valid && [...all.valid]).toEqual([1, 0, 1, 1]);
    const sliced = readVectors(d.slice(1, 2));
    expect(sliced.length).toBe(2);
    expect([...sliced.values]).toEqual([3, 4, 5, 6, 7, 8]);
    expect(sliced.valid && [...sliced.valid]).toEqual([0, 1]);
  });

  it('refuses a values array of the wrong length', () => {
    expect(() => vectorData(new Float64Array(5), 2, 3)).toThrow(/5 values for 3 rows of 2/);
  });
});
