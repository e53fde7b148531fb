import { describe, expect, it } from 'vitest';
import { downsampleIndices, pick, plottedCount } from './downsample.ts';

describe('downsampling for plots', () => {
  it('keeps every row up to the limit', () => {
    expect([...downsampleIndices(5, 10)]).toEqual([0, 1, 2, 3, 4]);
    expect(plottedCount(5, 10)).toBe(5);
    expect(downsampleIndices(0, 10).length).toBe(0);
  });

  it('keeps `max` distinct, increasing, evenly spread rows beyond it', () => {
    for (const [n, max] of [[10, 3], [1000, 999], [100_000, 2000], [7, 6]] as const) {
      const idx = downsampleIndices(n, max);
      expect(idx.length).toBe(max);
      expect(plottedCount(n, max)).toBe(max);
      expect(idx[0]).toBe(0);
      for (let i = 1; i < idx.length; i++) expect(idx[i]!).toBeGreaterThan(idx[i - 1]!);
      expect(idx[idx.length - 1]!).toBeLessThan(n);
      // Evenly spread: no gap is more than one row wider than the average.
      const gap = n / max;
      for (let i = 1; i < idx.length; i++) expect(idx[i]! - idx[i - 1]!).toBeLessThanOrEqual(Math.ceil(gap));
    }
  });

  it('picks the values at the indices', () => {
    expect([...pick([10, 11, 12, 13], new Uint32Array([0, 3]))]).toEqual([10, 13]);
  });
});
