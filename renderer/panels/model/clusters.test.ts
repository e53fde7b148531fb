import { describe, expect, it } from 'vitest';
import { clusterColour, clusterSizes } from './clusters.ts';

describe('k-means cluster sizes', () => {
  it('counts rows per cluster, empty clusters up to k included', () => {
    expect(clusterSizes([0, 2, 2, 0, 2], 4)).toEqual([2, 0, 3, 0]);
    expect(clusterSizes(new Float64Array([1, 1, Number.NaN, 0]))).toEqual([1, 2]);
    expect(clusterSizes([])).toEqual([]);
  });

  it('sums to the rows with a cluster', () => {
    const pred = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 5);
    expect(clusterSizes(pred, 5).reduce((a, b) => a + b, 0)).toBe(1000);
  });

  it('gives each cluster its own colour', () => {
    const colours = new Set([0, 1, 2, 3, 4].map((c) => clusterColour(c, 5)));
    expect(colours.size).toBe(5);
  });
});
