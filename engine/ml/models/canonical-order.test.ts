import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../random.ts';
import { canonicalOrder, reorder } from './canonical-order.ts';

describe('canonicalOrder', () => {
  it('puts any arrival order of the same rows into one lexicographic sequence (duplicates, negatives, -0 and 0 included)', () => {
    const r = mulberry32(4);
    const n = 3000, size = 3;
    const features = new Float64Array(n * size);
    const label = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      // Few distinct values: many equal first elements and whole duplicate rows.
      for (let j = 0; j < size; j++) features[i * size + j] = Math.floor(r() * 4) - (j === 0 ? 2.5 : 0);
      label[i] = r() < 0.5 ? 1 : 0;
    }
    features[5] = -0;
    const sequence = (f: Float64Array, l: Float64Array) => {
      const s = reorder(canonicalOrder(f, size, n, l), f, size, l);
      return Array.from({ length: n }, (_, i) => [...s.features.subarray(i * size, i * size + size), s.label![i]!].join(' '));
    };
    const once = sequence(features, label);
    const shuffled = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => Math.sin(a * 12.9898 + b) - 0.1);
    const back = reorder(shuffled, features, size, label);
    expect(sequence(back.features, back.label!)).toEqual(once);
    // Lexicographic by the features, then the label.
    const sorted = reorder(canonicalOrder(features, size, n, label), features, size, label);
    for (let i = 1; i < n; i++) {
      const a = [...sorted.features.subarray((i - 1) * size, i * size), sorted.label![i - 1]!];
      const b = [...sorted.features.subarray(i * size, (i + 1) * size), sorted.label![i]!];
      const k = a.findIndex((x, j) => x !== b[j]);
      if (k >= 0) expect(a[k]!).toBeLessThan(b[k]!);
    }
    // A permutation of the rows: the same rows, each once.
    expect([...once].sort()).toEqual(Array.from({ length: n }, (_, i) => [...features.subarray(i * size, i * size + size), label[i]!].join(' ')).sort());
  });
});
