// SnappyStream against hysnappy: every prefix it says is ready equals the whole page's prefix,
// in small steps (decoded here, literals and overlapping copies) and in a big one (the rest in
// WebAssembly); a page that lies about its length or is cut short is refused.

import { snappyCompress } from 'hysnappy';
import { describe, expect, it } from 'vitest';
import { SnappyStream } from './snappy-stream.ts';

/** Repetitive bytes with runs (overlapping copies) and random stretches (literals). */
function sample(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 16;
  for (let i = 0; i < n;) {
    const kind = next() % 3;
    const len = Math.min(n - i, 1 + (next() % 300));
    for (let j = 0; j < len; j++, i++) out[i] = kind === 0 ? next() & 255 : kind === 1 ? 7 : out[Math.max(0, i - 1 - (next() % 50))]!;
  }
  return out;
}

describe('SnappyStream', () => {
  for (const size of [0, 1, 100, 70_000, 1_500_000]) {
    it(`decodes a ${size}-byte page prefix by prefix as hysnappy does whole`, () => {
      const raw = sample(size, size + 1);
      const stream = new SnappyStream(snappyCompress(raw), size);
      let at = 0;
      for (const step of [1, 13, 4096, 65_536, 300_000]) {
        at += step;
        stream.ensure(at);
        const ready = Math.min(at, size);
        expect(stream.ready).toBeGreaterThanOrEqual(ready);
        expect(Buffer.compare(stream.out.subarray(0, ready), raw.subarray(0, ready))).toBe(0);
      }
      stream.ensure(size);
      expect(Buffer.compare(stream.out, raw)).toBe(0);
    });
  }

  it('refuses a page whose length is not the header\'s, and one cut short', () => {
    const raw = sample(10_000, 3);
    const packed = snappyCompress(raw);
    expect(() => new SnappyStream(packed, 9_999)).toThrow(/10000 bytes, 9999 expected/);
    const cut = new SnappyStream(packed.subarray(0, packed.length >> 1), raw.length);
    expect(() => cut.ensure(raw.length)).toThrow(/SNAPPY/);
  });
});
