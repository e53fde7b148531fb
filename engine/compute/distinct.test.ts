import { describe, expect, it } from 'vitest';
import type { Field } from '../types.ts';
import { makeBatch } from './arrow-types.ts';
import { colToData } from './column.ts';
import { makeDistinct, SKIP_CHECK_ROWS } from './distinct.ts';
import { stringCol } from './strings.ts';
import { colOf, rowsOf } from './batches.test-helper.ts';

describe('distinct keeps the first row of each key', () => {
  it('with a dictionary key whose entries are not in order of first appearance (as Parquet dictionaries are)', () => {
    // Dictionary ['z', 'y', 'x', 'unused']; rows x, y, x, z, null, y, null.
    const codes = Int32Array.of(2, 1, 2, 0, 0, 1, 0);
    const valid = Uint8Array.of(1, 1, 1, 1, 0, 1, 0);
    const key = colToData({ type: 'string', length: 7, valid, codes, dict: stringCol(['z', 'y', 'x', 'unused']) });
    const id = colToData(colOf('int32', [0, 1, 2, 3, 4, 5, 6]));
    const fields: Field[] = [{ name: 'k', type: 'string', nullable: true }, { name: 'id', type: 'int32', nullable: false }];
    const batch = makeBatch(fields, [key, id], 7);
    const d = makeDistinct(['k'], { fields });
    const acc = d.createPartial();
    acc.consume(batch);
    acc.consume(batch); // every key already seen: nothing more
    expect(acc.finish().flatMap(rowsOf)).toEqual([['x', 0], ['y', 1], ['z', 3], [null, 4]]);
  });
});

describe('a partial distinct that does not reduce passes its rows through', () => {
  const fields: Field[] = [{ name: 'k', type: 'int32', nullable: false }];
  const batches = (keyOf: (i: number) => number, n: number) => Array.from({ length: n / 1000 }, (_, b) =>
    makeBatch(fields, [colToData(colOf('int32', Array.from({ length: 1000 }, (_, i) => keyOf(b * 1000 + i))))], 1000));
  const rows = 2 * 16_000 + 8000;

  it('stops inserting once most rows were new keys, and emits every later row as it came', () => {
    const acc = makeDistinct(['k'], { fields }).createPartial();
    for (const b of batches((i) => i % (rows - 5000), rows)) acc.consume(b);
    expect(acc.groupCount()).toBeLessThan(SKIP_CHECK_ROWS + 1000);
    const out = acc.finish().flatMap(rowsOf).map((r) => r[0]);
    expect(out).toEqual(Array.from({ length: rows }, (_, i) => i % (rows - 5000)));
  });

  it('keeps deduplicating when keys repeat, and a final distinct never passes rows through', () => {
    const partial = makeDistinct(['k'], { fields }).createPartial();
    for (const b of batches((i) => i % 3000, rows)) partial.consume(b);
    expect(partial.finish().flatMap(rowsOf).length).toBe(3000);
    const final = makeDistinct(['k'], { fields }).createFinal();
    for (const b of batches((i) => i % (rows - 5000), rows)) final.consume(b);
    expect(final.finish().flatMap(rowsOf).length).toBe(rows - 5000);
  });
});
