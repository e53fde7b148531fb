import { describe, expect, it } from 'vitest';
import { Type } from 'apache-arrow';
import { colFromData, colToData } from './column.ts';
import { dictionaryEncode } from './dictionary-encode.ts';
import { colOf, columnValues, randomValues, rng } from './batches.test-helper.ts';

describe('dictionaryEncode', () => {
  const r = rng(4);
  it('encodes a low-cardinality column (nulls, unicode, empty strings, sliced input) to the same values', () => {
    const values = randomValues('string', 40000, r, { distinct: 16, nullRate: 0.1 });
    const d = colToData(colOf('string', values)).slice(7, 39000);
    const e = dictionaryEncode(d);
    expect(e.type.typeId).toBe(Type.Dictionary);
    expect(e.nullCount).toBe(d.nullCount);
    expect(columnValues(colFromData(e))).toEqual(columnValues(colFromData(d)));
  });
  it('leaves high-cardinality and non-string columns alone', () => {
    const names = colToData(colOf('string', Array.from({ length: 40000 }, (_, i) => `name${i}`)));
    expect(dictionaryEncode(names)).toBe(names);
    const ints = colToData(colOf('int32', [1, 2, 3]));
    expect(dictionaryEncode(ints)).toBe(ints);
  });
});
