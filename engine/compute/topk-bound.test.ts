// Streaming top-k with the first-key bound against the full stable sort's first k rows: every
// numeric first-key type, both directions, nulls first and last, NaN, heavy ties on the first key
// (decided by a second key or by input order), batches big enough for the bound to apply.

import { describe, expect, it } from 'vitest';
import type { SortKey } from '../logical/plan.ts';
import type { DataType } from '../types.ts';
import { makeTopK, sortBatches } from './sort.ts';
import { batchOf, randomValues, rng, rowsOf, type Value } from './batches.test-helper.ts';
import { rowsNotWorse } from './topk-bound.ts';

function batchesOf(type: DataType, seed: number, distinct: number): ReturnType<typeof batchOf>[] {
  const r = rng(seed);
  return Array.from({ length: 30 }, (_, b) => {
    const n = b % 9 === 4 ? 0 : 50 + Math.floor(r() * 400);
    let values: Value[] = randomValues(type, n, r, { distinct, nullRate: 0.08 });
    if (type === 'float64') values = values.map((v) => (v !== null && r() < 0.02 ? Number.NaN : v));
    return batchOf([
      { name: 'k', type, values },
      { name: 't', type: 'int32', values: randomValues('int32', n, r, { distinct: 3, nullRate: 0.1 }) },
      { name: 'id', type: 'int32', values: Array.from({ length: n }, (_, i) => b * 1000 + i) },
    ]);
  });
}

describe('makeTopK with the first-key bound', () => {
  for (const type of ['float64', 'int32', 'int64', 'date', 'timestamp'] as const) {
    for (const distinct of [4, 5000]) {
      it(`${type} (${distinct} distinct) equals the full sort in every direction and null order`, () => {
        const batches = batchesOf(type, distinct + type.length, distinct);
        for (const descending of [false, true]) {
          for (const nullsFirst of [false, true]) {
            for (const second of [false, true]) {
              const keys: SortKey[] = [{ column: 'k', descending, nullsFirst }];
              if (second) keys.push({ column: 't', descending: !descending, nullsFirst: !nullsFirst });
              for (const k of [1, 10, 60]) {
                const acc = makeTopK(keys, k);
                for (const b of batches) acc.consume(b);
                const what = `${JSON.stringify(keys)} k=${k}`;
                expect(rowsOf(acc.finish()!), what).toEqual(rowsOf(sortBatches(batches, keys)).slice(0, k));
              }
            }
          }
        }
      });
    }
  }

  it('the pre-filter drops rows strictly worse than the bound and keeps ties, NaN and (nulls first) nulls', () => {
    const b = batchOf([{ name: 'k', type: 'float64', values: [5, 1, null, Number.NaN, 3, 7, 3] }]);
    const desc = (nullsFirst: boolean): SortKey => ({ column: 'k', descending: true, nullsFirst });
    expect(Array.from(rowsNotWorse(b, desc(false), 3)!)).toEqual([0, 3, 4, 5, 6]);
    expect(Array.from(rowsNotWorse(b, desc(true), 3)!)).toEqual([0, 2, 3, 4, 5, 6]);
    expect(Array.from(rowsNotWorse(b, { column: 'k', descending: false, nullsFirst: false }, 3)!)).toEqual([1, 3, 4, 6]);
    const big = batchOf([{ name: 'k', type: 'int64', values: [9007199254740993n, 9007199254740992n, 1n] }]);
    expect(Array.from(rowsNotWorse(big, { column: 'k', descending: true, nullsFirst: false }, 9007199254740993n)!)).toEqual([0]);
  });
});
