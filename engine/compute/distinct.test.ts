import { describe, expect, it } from 'vitest';
import type { Field } from '../types.ts';
import { makeBatch } from './arrow-types.ts';
import { colToData } from './column.ts';
import { makeDistinct } from './distinct.ts';
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
