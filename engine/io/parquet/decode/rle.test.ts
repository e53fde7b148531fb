// The RLE / bit-packed hybrid decoder against a small reference encoder written from the Parquet
// spec: every bit width 0..32, mixed runs, counts that end inside a bit-packed group, and
// definition levels at unaligned row offsets.

import { describe, expect, it } from 'vitest';
import { decodeDefinitionLevels, decodeHybrid, HybridReader, unpackBitsTo } from './rle.ts';

function uleb(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n = Math.floor(n / 128); }
  out.push(n);
  return out;
}

/** Encodes `values` as alternating runs: `plan` says for each run RLE or bit-packed and its length. */
function encode(values: readonly number[], bitWidth: number, plan: readonly ['rle' | 'packed', number][]): Uint8Array {
  const out: number[] = [];
  let i = 0;
  for (const [kind, len] of plan) {
    if (kind === 'rle') {
      out.push(...uleb(len * 2));
      const v = values[i]!;
      for (let b = 0; b < Math.ceil(bitWidth / 8); b++) out.push(Math.floor(v / 2 ** (8 * b)) & 0xff);
      i += len;
    } else {
      const groups = Math.ceil(len / 8);
      out.push(...uleb(groups * 2 + 1));
      const bits: number[] = [];
      for (let k = 0; k < groups * 8; k++) {
        const v = k < len ? values[i + k]! : 0;
        for (let b = 0; b < bitWidth; b++) bits.push(Math.floor(v / 2 ** b) & 1);
      }
      for (let k = 0; k < bits.length; k += 8) {
        let byte = 0;
        for (let b = 0; b < 8; b++) byte |= (bits[k + b] ?? 0) << b;
        out.push(byte);
      }
      i += len;
    }
  }
  return Uint8Array.from(out);
}

/** Deterministic values: runs of repeats (for RLE) and noise (for packing), below 2^bitWidth. */
function sample(bitWidth: number, seed: number): { values: number[]; plan: ['rle' | 'packed', number][] } {
  let s = seed;
  const rnd = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 2 ** 32; };
  const max = 2 ** bitWidth;
  const values: number[] = [];
  const plan: ['rle' | 'packed', number][] = [];
  for (let r = 0; r < 12; r++) {
    if (r % 2 === 0) {
      const len = 1 + Math.floor(rnd() * 40);
      const v = Math.floor(rnd() * max);
      for (let k = 0; k < len; k++) values.push(v);
      plan.push(['rle', len]);
    } else {
      const len = 8 * (1 + Math.floor(rnd() * 5));
      for (let k = 0; k < len; k++) values.push(Math.floor(rnd() * max));
      plan.push(['packed', len]);
    }
  }
  // The last run is bit-packed and only partly used: the count ends inside a group.
  const tail = 1 + Math.floor(rnd() * 7);
  for (let k = 0; k < tail; k++) values.push(Math.floor(rnd() * max));
  plan.push(['packed', tail]);
  return { values, plan };
}

describe('RLE / bit-packed hybrid', () => {
  it('decodes every bit width 0..32 as the reference encoder wrote it', () => {
    for (let bw = 0; bw <= 32; bw++) {
      const { values, plan } = sample(bw, 7 + bw);
      const bytes = encode(values, bw, plan);
      const out = new Int32Array(values.length);
      const end = decodeHybrid(bytes, 0, bytes.length, bw, out, values.length);
      expect(Array.from(out), `bit width ${bw}`).toEqual(values.map((v) => v | 0));
      expect(end, `bit width ${bw}: position after the last run`).toBe(bytes.length);
    }
  });

  it('a resumable reader gives the same values read in slices of any size (stops inside runs and bytes)', () => {
    for (let bw = 0; bw <= 32; bw++) {
      const { values, plan } = sample(bw, 31 + bw);
      const bytes = encode(values, bw, plan);
      for (const slice of [1, 3, 5, 8, 13]) {
        const reader = new HybridReader(bytes, 0, bytes.length, bw);
        const out = new Int32Array(values.length);
        for (let at = 0; at < values.length; at += slice) reader.read(out, at, Math.min(slice, values.length - at));
        expect(Array.from(out), `bit width ${bw}, slices of ${slice}`).toEqual(values.map((v) => v | 0));
      }
    }
  });

  it('definition levels: levels, validity bits at any row offset and the present count', () => {
    const { values, plan } = sample(1, 99);
    const bytes = encode(values, 1, plan);
    for (const row of [0, 3, 8, 13]) {
      const levels = new Uint8Array(values.length);
      const validity = new Uint8Array(((row + values.length) >>> 3) + 1);
      const present = decodeDefinitionLevels(bytes, 0, bytes.length, values.length, levels, validity, row);
      expect(Array.from(levels)).toEqual(values);
      expect(present).toBe(values.filter((v) => v === 1).length);
      const bits = Array.from({ length: values.length }, (_, i) => (validity[(row + i) >>> 3]! >>> ((row + i) & 7)) & 1);
      expect(bits).toEqual(values);
      for (let r = 0; r < row; r++) expect((validity[r >>> 3]! >>> (r & 7)) & 1).toBe(0);
      // Without the level bytes: the same bits and count; the bits read back as bytes from any offset.
      const bitsOnly = new Uint8Array(validity.length);
      expect(decodeDefinitionLevels(bytes, 0, bytes.length, values.length, null, bitsOnly, row)).toBe(present);
      expect(bitsOnly).toEqual(validity);
      for (const from of [0, 1, 5, 9]) {
        const out = unpackBitsTo(validity, row + from, values.length - from, new Uint8Array(values.length));
        expect(Array.from(out)).toEqual(values.slice(from));
      }
    }
  });

  it('reports data that ends before the count', () => {
    const bytes = encode([1, 1, 1], 2, [['rle', 3]]);
    expect(() => decodeHybrid(bytes, 0, bytes.length, 2, new Int32Array(10), 10)).toThrow(/ends after 3 of 10/);
  });
});
