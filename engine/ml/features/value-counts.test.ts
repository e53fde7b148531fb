import { describe, expect, it } from 'vitest';
import { rng } from '../../compute/batches.test-helper.ts';
import { countSorted, DoubleList, lowerMedian, mergeCounts, mode, ValueCounter } from './value-counts.ts';

describe('value counts', () => {
  it('counting parts then merging equals counting all at once, with -0 apart only when asked', () => {
    const r = rng(2);
    const all = Array.from({ length: 3000 }, () => (r() < 0.05 ? -0 : r() < 0.05 ? 0 : Math.floor(r() * 50) - 25));
    for (const zeroSigned of [false, true]) {
      const parts = [all.slice(0, 1000), all.slice(1000, 1001), all.slice(1001)];
      const merged = parts.map((p) => countSorted(Float64Array.from(p), zeroSigned)).reduce((a, b) => mergeCounts(a, b, zeroSigned));
      // Reference: a Map keyed by the value's text ('-0' apart when zeroSigned).
      const key = (x: number) => (zeroSigned && Object.is(x, -0) ? '-0' : String(x === 0 ? 0 : x));
      const ref = new Map<string, number>();
      for (const x of all) ref.set(key(x), (ref.get(key(x)) ?? 0) + 1);
      expect(merged.values.length).toBe(ref.size);
      merged.values.forEach((v, i) => expect(merged.counts[i]).toBe(ref.get(key(v))));
      for (let i = 1; i < merged.values.length; i++) expect(merged.values[i]! >= merged.values[i - 1]!).toBe(true);
      const sorted = [...all].sort((a, b) => a - b);
      expect(lowerMedian(merged) === sorted[Math.ceil(all.length / 2) - 1]).toBe(true); // -0 == 0
    }
  });

  it('a ValueCounter compacting every few values counts as one sort of all', () => {
    const r = rng(8);
    const xs = Float64Array.from({ length: 1000 }, () => Math.floor(r() * 40));
    const c = new ValueCounter(false, 64);
    for (const x of xs) c.push(x);
    const got = c.result(); const want = countSorted(Float64Array.from(xs));
    expect([...got.values]).toEqual([...want.values]);
    expect([...got.counts]).toEqual([...want.counts]);
  });

  it('mode takes the smallest of tied values; a DoubleList grows past its first block', () => {
    expect(mode(countSorted(Float64Array.of(3, 1, 3, 1, 2)))).toBe(1);
    expect(mode(countSorted(Float64Array.of(-3, 1, -3, 1)))).toBe(-3);
    const l = new DoubleList();
    for (let i = 0; i < 5000; i++) l.push(i);
    expect(l.length).toBe(5000);
    expect(l.view()[4999]).toBe(4999);
  });
});
