// gatherData against the reference row take (column.ts takeCol through byte validity), on every
// column type, sliced inputs (non-zero Arrow offsets), null rows and -1 indices.

import { describe, expect, it } from 'vitest';
import type { DataType } from '../types.ts';
import { colFromData, takeData } from './column.ts';
import { gatherData } from './gather.ts';
import { batchOf, columnValues, randomValues, rng } from './batches.test-helper.ts';

const TYPES: DataType[] = ['bool', 'int32', 'int64', 'float64', 'string', 'date', 'timestamp'];

describe('gatherData', () => {
  const r = rng(3);
  const n = 300;
  const specs = TYPES.map((type, i) => ({ name: `c${i}`, type, values: randomValues(type, n, r, { nullRate: 0.2, distinct: 40 }) }));
  specs.push({ name: 'dict', type: 'string', values: randomValues('string', n, r, { distinct: 12 }), dictionary: true } as never);
  specs.push({ name: 'nonull', type: 'float64', values: randomValues('float64', n, r, { nullRate: 0 }) });
  const batch = batchOf(specs);

  for (const [label, slice] of [['whole', [0, n]], ['sliced at 13', [13, 250]]] as const) {
    it(`matches the reference take on every type (${label})`, () => {
      const b = batch.slice(slice[0], slice[1]);
      const m = b.numRows;
      const idx = Int32Array.from({ length: 500 }, () => (r() < 0.1 ? -1 : Math.floor(r() * m)));
      b.data.children.forEach((d, i) => {
        const ours = columnValues(colFromData(gatherData(d, idx)));
        const ref = columnValues(colFromData(takeData(d, idx)));
        expect(ours, specs[i]!.name).toEqual(ref);
        // The no-negative path (filter selections): ascending, all >= 0, a length not a multiple of 8.
        const sel = Int32Array.from({ length: m }, (_, k) => k).filter(() => r() < 0.7);
        expect(columnValues(colFromData(gatherData(d, sel, true))), `${specs[i]!.name} selection`).toEqual(columnValues(colFromData(takeData(d, sel))));
      });
    });
  }

  it('keeps a dictionary column dictionary-encoded', () => {
    const d = batch.getChild('dict')!.data[0]!;
    const g = gatherData(d, Int32Array.of(3, 1, -1));
    expect(g.dictionary).toBe(d.dictionary);
    expect(g.nullCount).toBe(1);
  });
});
