import { describe, expect, it } from 'vitest';
import type { PreviewResult } from '../../../main/api.ts';
import { numberColumn, vectorElement } from './preview-columns.ts';

const preview: Pick<PreviewResult, 'schema' | 'rows'> = {
  schema: { fields: [
    { name: 'label', type: 'float64', nullable: true },
    { name: 'big', type: 'int64', nullable: false },
    { name: 'features', type: 'vector', nullable: true, vectorSize: 2 },
  ] },
  rows: [[1.5, '9007199254740993', [1, 2]], [null, 3, null], [-2, 4, [5]]],
};

describe('preview columns', () => {
  it('reads numbers, null as NaN, int64 strings as numbers', () => {
    const label = numberColumn(preview, 'label')!;
    expect(label[0]).toBe(1.5);
    expect(label[1]).toBeNaN();
    expect(label[2]).toBe(-2);
    expect(numberColumn(preview, 'big')![0]).toBe(9007199254740992);
    expect(numberColumn(preview, 'nope')).toBeUndefined();
  });

  it('reads a vector element, NaN where missing', () => {
    expect([...vectorElement(preview, 'features', 0)!]).toEqual([1, Number.NaN, 5]);
    const second = vectorElement(preview, 'features', 1)!;
    expect(second[0]).toBe(2);
    expect(second[2]).toBeNaN();
  });
});
