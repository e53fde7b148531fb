// Top-k by batch (sortBatches with a limit over many batches) against the full stable sort's
// first k rows: heavy ties (tie order must be input order), nulls, several candidate cut-backs.

import { describe, expect, it } from 'vitest';
import type { SortKey } from '../logical/plan.ts';
import { sortBatches } from './sort.ts';
import { batchOf, randomValues, rng, rowsOf } from './batches.test-helper.ts';

describe('sortBatches with a limit', () => {
  const r = rng(12);
  const batches = Array.from({ length: 40 }, (_, b) => {
    const n = b % 7 === 0 ? 0 : 20 + Math.floor(r() * 120);
    return batchOf([
      { name: 'k', type: 'int32', values: randomValues('int32', n, r, { distinct: 6, nullRate: 0.1 }) },
      { name: 's', type: 'string', values: randomValues('string', n, r, { distinct: 5 }) },
      { name: 'id', type: 'int32', values: Array.from({ length: n }, (_, i) => b * 1000 + i) },
    ]);
  });
  const keySets: SortKey[][] = [
    [{ column: 'k', descending: true, nullsFirst: false }],
    [{ column: 's', descending: false, nullsFirst: true }, { column: 'k', descending: false, nullsFirst: true }],
  ];
  for (const keys of keySets) {
    for (const k of [0, 1, 7, 50]) {
      it(`${keys.map((x) => x.column).join(',')} limit ${k} equals the full sort's first rows`, () => {
        const full = rowsOf(sortBatches(batches, keys)).slice(0, k);
        expect(rowsOf(sortBatches(batches, keys, k))).toEqual(full);
      });
    }
  }
});

describe('makeTopK', () => {
  it('streams to the same rows as sortBatches with a limit; nothing consumed gives undefined', async () => {
    const { makeTopK } = await import('./sort.ts');
    const r = rng(13);
    const bs = Array.from({ length: 25 }, () => batchOf([{ name: 'x', type: 'float64', values: randomValues('float64', 80, r, { distinct: 10 }) },
      { name: 'n', type: 'int32', values: randomValues('int32', 80, r, { distinct: 1000, nullRate: 0 }) }]));
    const keys: SortKey[] = [{ column: 'x', descending: false, nullsFirst: true }];
    const acc = makeTopK(keys, 30);
    for (const b of bs) acc.consume(b);
    expect(rowsOf(acc.finish()!)).toEqual(rowsOf(sortBatches(bs, keys)).slice(0, 30));
    expect(makeTopK(keys, 5).finish()).toBeUndefined();
  });
});
