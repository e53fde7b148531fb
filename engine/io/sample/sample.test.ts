import type { RecordBatch } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { generateSample } from './sample.ts';

function rowsOf(batches: Iterable<RecordBatch>): unknown[][] {
  const out: unknown[][] = [];
  for (const b of batches) {
    for (let i = 0; i < b.numRows; i++) out.push(b.schema.fields.map((_, c) => b.getChildAt(c)!.get(i)));
  }
  return out;
}

describe('sample datasets', () => {
  for (const dataset of ['events', 'users', 'houses']) {
    it(`${dataset}: one split and four uneven splits give the same rows`, () => {
      const options = { dataset, rows: 10_001, seed: 7 };
      const names = dataset === 'events' ? ['event_id', 'user_id', 'ts', 'category', 'amount', 'qty']
        : dataset === 'users' ? ['user_id', 'name', 'country', 'signup_date', 'age']
          : ['house_id', 'sqft', 'bedrooms', 'bathrooms', 'age', 'neighborhood', 'price'];
      const whole = rowsOf(generateSample(options, names, 0, 10_001, 4096));
      const bounds = [0, 17, 3000, 3001, 10_001];
      const pieces: unknown[][] = [];
      for (let i = 0; i + 1 < bounds.length; i++) pieces.push(...rowsOf(generateSample(options, names, bounds[i]!, bounds[i + 1]!, 1000)));
      expect(whole.length).toBe(10_001);
      expect(pieces).toEqual(whole);
      // A different seed gives different data.
      const other = rowsOf(generateSample({ ...options, seed: 8 }, names, 0, 100));
      expect(other).not.toEqual(whole.slice(0, 100));
    });
  }

  it('generates only the requested columns, in the requested order', () => {
    const [b] = [...generateSample({ dataset: 'events', rows: 10 }, ['qty', 'event_id'], 0, 10)];
    expect(b!.schema.fields.map((f) => f.name)).toEqual(['qty', 'event_id']);
    expect(b!.getChildAt(1)!.get(0)).toBe(1n);
    expect(() => [...generateSample({ dataset: 'events' }, ['nope'], 0, 10)]).toThrow(/no column 'nope'/);
  });

  it('events: ~5% null amounts, Zipf-skewed user_id within 1..users, dictionary categories', () => {
    const n = 100_000;
    const [b] = [...generateSample({ dataset: 'events', rows: n, users: 500 }, ['user_id', 'amount', 'category'], 0, n, n)];
    const amount = b!.getChild('amount')!;
    expect(amount.nullCount / n).toBeGreaterThan(0.04);
    expect(amount.nullCount / n).toBeLessThan(0.06);
    const ids = b!.getChild('user_id')!.toArray() as Int32Array;
    const counts = new Map<number, number>();
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(Math.min(...counts.keys())).toBe(1);
    expect(Math.max(...counts.keys())).toBeLessThanOrEqual(500);
    expect(counts.get(1)!).toBeGreaterThan(20 * (counts.get(100) ?? 0));
    const cat = b!.getChild('category')!;
    expect(String(cat.type)).toMatch(/Dictionary/);
    expect(new Set(Array.from({ length: 1000 }, (_, i) => cat.get(i))).size).toBe(12);
  });

  it('houses: price follows the linear model', () => {
    const [b] = [...generateSample({ dataset: 'houses', rows: 2000 }, ['sqft', 'price'], 0, 2000, 2000)];
    const sqft = b!.getChild('sqft')!.toArray() as Float64Array;
    const price = b!.getChild('price')!.toArray() as Float64Array;
    // Slope of price on sqft alone should be near 150 + the bedrooms effect (~10000/800).
    let mx = 0, my = 0;
    for (let i = 0; i < sqft.length; i++) { mx += sqft[i]!; my += price[i]!; }
    mx /= sqft.length; my /= sqft.length;
    let sxy = 0, sxx = 0;
    for (let i = 0; i < sqft.length; i++) { sxy += (sqft[i]! - mx) * (price[i]! - my); sxx += (sqft[i]! - mx) ** 2; }
    expect(sxy / sxx).toBeGreaterThan(140);
    expect(sxy / sxx).toBeLessThan(180);
  });
});

describe('zipfRank', () => {
  it('stays in 1..n and falls off about as k^-s', async () => {
    const { uniform, zipfRank } = await import('./hash.ts');
    const counts = new Float64Array(1001);
    for (let r = 0; r < 200_000; r++) {
      const k = zipfRank(1000, 1.1, uniform(1, 2, r));
      expect(k >= 1 && k <= 1000).toBe(true);
      counts[k]!++;
    }
    expect(zipfRank(1000, 1.1, 0)).toBe(1);
    expect(zipfRank(1000, 1.1, 0.999999999)).toBe(1000);
    // Ranks 100..199 hold about 10^(1-s) = 10^-0.1 times the mass of ranks 10..19.
    const mass = (a: number, b: number) => counts.slice(a, b).reduce((x, y) => x + y, 0);
    const slope = Math.log(mass(100, 200) / mass(10, 20)) / Math.log(10);
    expect(slope).toBeGreaterThan(-0.2);
    expect(slope).toBeLessThan(0);
  });
});
