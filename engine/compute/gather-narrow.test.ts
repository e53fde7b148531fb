// gatherData on big dictionary columns gathered again and again (a join's build side), whose
// codes gather.ts reads from a one-byte copy from the second gather on: every gather equals the
// reference take, and codes that do not fit a byte (under null rows) keep the 32-bit path.

import { Dictionary, Int32, makeData, Utf8, Vector } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { colFromData, takeData } from './column.ts';
import { gatherData } from './gather.ts';
import { columnValues, rng } from './batches.test-helper.ts';

function dictionaryOf(entries: number): Vector {
  const words = Array.from({ length: entries }, (_, i) => `w${i}`);
  const bytes = new TextEncoder().encode(words.join(''));
  const offsets = new Int32Array(entries + 1);
  for (let i = 0; i < entries; i++) offsets[i + 1] = offsets[i]! + words[i]!.length;
  return new Vector([makeData({ type: new Utf8(), length: entries, nullCount: 0, valueOffsets: offsets, data: bytes })]);
}

/** n rows over `entries` words, every 7th row null with the code `nullCode` under it. */
function bigColumn(n: number, entries: number, nullCode: number, seed: number) {
  const r = rng(seed);
  const codes = Int32Array.from({ length: n }, () => Math.floor(r() * entries));
  const valid = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    if (i % 7 === 3) { codes[i] = nullCode; nulls++; } else valid[i >> 3]! |= 1 << (i & 7);
  }
  return makeData({ type: new Dictionary(new Utf8(), new Int32()), length: n, nullCount: nulls, nullBitmap: valid, data: codes, dictionary: dictionaryOf(entries) });
}

const values = (d: Parameters<typeof colFromData>[0]) => columnValues(colFromData(d));

describe('gatherData on a big dictionary column gathered repeatedly', () => {
  const n = 200_000;
  for (const [label, entries, nullCode] of [['byte codes', 200, 0], ['a code past 255 under a null row', 200, 4000], ['a dictionary past 256 entries', 900, 0]] as const) {
    it(`equals the reference take on every gather (${label})`, () => {
      const d = bigColumn(n, entries, nullCode, entries + nullCode);
      const r = rng(5);
      for (let round = 0; round < 4; round++) {
        const idx = Int32Array.from({ length: 5000 }, () => (r() < 0.05 ? -1 : Math.floor(r() * n)));
        const g = gatherData(d, idx);
        expect(g.dictionary).toBe(d.dictionary);
        expect(values(g), `round ${round}`).toEqual(values(takeData(d, idx)));
      }
    });
  }

  it('reads a slice of the column (offset 70001, 120000 rows) at its own rows', () => {
    const d = bigColumn(n, 50, 0, 9).slice(70_001, 120_000);
    const idx = Int32Array.from({ length: 3000 }, (_, i) => (i * 7919) % d.length);
    for (let round = 0; round < 3; round++) expect(values(gatherData(d, idx))).toEqual(values(takeData(d, idx)));
  });
});
