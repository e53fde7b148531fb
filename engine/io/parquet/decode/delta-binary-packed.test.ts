// DELTA_BINARY_PACKED decoding against a small reference encoder written from the Parquet spec
// (apache/parquet-format Encodings.md), in BigInt so that it shares no arithmetic with the
// decoder: bit width 0, negative deltas, 32- and 64-bit extremes that wrap, a partly filled last
// miniblock, value counts off the block size, arbitrary padding bits and unused width bytes.

import { describe, expect, it } from 'vitest';
import { rng } from '../../../compute/batches.test-helper.ts';
import { decodeDeltaInt32, decodeDeltaInt64 } from './delta-binary-packed.ts';

interface EncodeOptions {
  readonly blockSize?: number;
  readonly miniblocks?: number;
  /** Fill padding bits and the width bytes of unneeded miniblocks with ones (readers must accept any). */
  readonly garbage?: boolean;
}

function uleb(out: number[], v: bigint): void {
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? b | 0x80 : b);
  } while (v > 0n);
}

const zigzag = (v: bigint, bits: number) => BigInt.asUintN(bits, (v << 1n) ^ (v >> BigInt(bits - 1)));

/** The reference encoder: `bits` is the column's width (32 or 64); deltas wrap in it. */
function encode(values: readonly bigint[], bits: 32 | 64, o: EncodeOptions = {}): Uint8Array {
  const blockSize = o.blockSize ?? 128;
  const miniblocks = o.miniblocks ?? 4;
  const per = blockSize / miniblocks;
  const out: number[] = [];
  uleb(out, BigInt(blockSize));
  uleb(out, BigInt(miniblocks));
  uleb(out, BigInt(values.length));
  uleb(out, zigzag(BigInt.asIntN(bits, values[0] ?? 0n), bits));
  const deltas: bigint[] = [];
  for (let i = 1; i < values.length; i++) deltas.push(BigInt.asIntN(bits, values[i]! - values[i - 1]!));
  for (let b = 0; b < deltas.length; b += blockSize) {
    const block = deltas.slice(b, b + blockSize);
    const min = block.reduce((m, d) => (d < m ? d : m));
    uleb(out, zigzag(min, bits));
    const packed = block.map((d) => BigInt.asUintN(bits, d - min));
    const widths: number[] = [];
    for (let m = 0; m < miniblocks; m++) {
      const mb = packed.slice(m * per, (m + 1) * per);
      if (mb.length === 0) { widths.push(o.garbage ? 0xff : 0); continue; }
      widths.push(mb.reduce((w, v) => Math.max(w, v.toString(2).length - (v === 0n ? 1 : 0)), 0));
    }
    out.push(...widths);
    for (let m = 0; m < miniblocks; m++) {
      const mb = packed.slice(m * per, (m + 1) * per);
      if (mb.length === 0) continue; // an unneeded miniblock takes no bytes
      const w = widths[m]!;
      const pad = o.garbage ? (1n << BigInt(w)) - 1n : 0n;
      let acc = 0n;
      for (let i = 0; i < per; i++) acc |= (i < mb.length ? mb[i]! : pad) << BigInt(i * w);
      for (let k = 0; k < (per * w) / 8; k++) out.push(Number((acc >> BigInt(8 * k)) & 0xffn));
    }
  }
  return Uint8Array.from(out);
}

function roundTrip64(values: readonly bigint[], o?: EncodeOptions): void {
  const bytes = encode(values, 64, o);
  const tail = new Uint8Array(bytes.length + 5).fill(0xab);
  tail.set(bytes);
  const out = new BigInt64Array(values.length);
  expect(decodeDeltaInt64(tail, out, values.length)).toBe(bytes.length);
  expect(Array.from(out)).toEqual(values.map((v) => BigInt.asIntN(64, v)));
}

function roundTrip32(values: readonly number[], o?: EncodeOptions): void {
  const bytes = encode(values.map(BigInt), 32, o);
  const tail = new Uint8Array(bytes.length + 5).fill(0xab);
  tail.set(bytes);
  const out = new Int32Array(values.length);
  expect(decodeDeltaInt32(tail, out, values.length)).toBe(bytes.length);
  expect(Array.from(out)).toEqual(values.map((v) => v | 0));
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

describe('DELTA_BINARY_PACKED decoder against a reference encoder', () => {
  it('no values, one value, two values', () => {
    roundTrip32([]);
    roundTrip32([-17]);
    roundTrip32([5, -3]);
    roundTrip64([]);
    roundTrip64([I64_MIN]);
    roundTrip64([I64_MAX, 1n]);
  });

  it('bit width 0: constant deltas, including a constant negative one', () => {
    roundTrip32(Array.from({ length: 300 }, (_, i) => 1000 - 7 * i));
    roundTrip32(Array.from({ length: 129 }, () => 42));
    roundTrip64(Array.from({ length: 300 }, (_, i) => 10n ** 15n - 3n * BigInt(i)));
    const bytes = encode(Array.from({ length: 129 }, () => 42n), 32);
    expect(bytes.length).toBe(6 + 1 + 4); // header (128 and 129 take two bytes each), min delta, four widths of 0, no miniblock bytes
  });

  it('negative and mixed deltas, counts off the block size, a partly filled last miniblock', () => {
    const r = rng(7);
    for (const n of [2, 31, 32, 33, 127, 128, 129, 130, 1000, 4097]) {
      const v32 = Array.from({ length: n }, () => Math.floor((r() - 0.5) * 2 ** 20));
      roundTrip32(v32);
      roundTrip32(v32, { garbage: true });
      roundTrip32(v32, { blockSize: 256, miniblocks: 8 });
      const v64 = v32.map((x, i) => BigInt(x) * 1_000_000_007n + BigInt(i));
      roundTrip64(v64);
      roundTrip64(v64, { garbage: true, blockSize: 1024, miniblocks: 32 });
    }
  });

  it('32-bit extremes: deltas that wrap and need bit width 32', () => {
    const v = [2147483647, -2147483648, 2147483647, 0, -2147483648, -1, 1, 2147483647, -2147483648];
    roundTrip32(v);
    roundTrip32(v, { garbage: true });
    roundTrip32([...Array.from({ length: 200 }, (_, i) => (i % 2 ? 2147483647 : -2147483648)), 5]);
  });

  it('INT32 values with deltas computed in 64 bits (as DuckDB writes them: bit widths up to 33)', () => {
    const values = [2147483647, -2147483648, 2147483647, 0, -2147483648, 5, ...Array.from({ length: 300 }, (_, i) => (i % 3 ? -2147483648 + i : 2147483647 - i))];
    for (const o of [{}, { garbage: true }]) {
      const bytes = encode(values.map(BigInt), 64, o);
      const out = new Int32Array(values.length);
      expect(decodeDeltaInt32(bytes, out, values.length)).toBe(bytes.length);
      expect(Array.from(out)).toEqual(values);
    }
  });

  it('64-bit extremes: deltas that wrap and need bit widths from 33 to 64', () => {
    const v = [I64_MAX, I64_MIN, I64_MAX, 0n, I64_MIN, -1n, 1n, I64_MAX, I64_MIN, 2n ** 40n, -(2n ** 50n)];
    roundTrip64(v);
    roundTrip64(v, { garbage: true });
    const r = rng(11);
    for (const bits of [33, 40, 47, 52, 63, 64]) {
      const vals = Array.from({ length: 300 }, () => BigInt.asIntN(64, BigInt(Math.floor(r() * 2 ** 30)) << BigInt(bits - 30)));
      roundTrip64(vals);
      roundTrip64(vals, { garbage: true });
    }
  });

  it('decodes the first n of more values and still reports the whole stream length', () => {
    const values = Array.from({ length: 500 }, (_, i) => BigInt(i * i) - 1000n);
    const bytes = encode(values, 64);
    const out = new BigInt64Array(10);
    expect(decodeDeltaInt64(bytes, out, 10)).toBe(bytes.length);
    expect(Array.from(out)).toEqual(values.slice(0, 10));
    const out32 = new Int32Array(130);
    const bytes32 = encode(values, 32);
    expect(decodeDeltaInt32(bytes32, out32, 130)).toBe(bytes32.length);
    expect(Array.from(out32)).toEqual(values.slice(0, 130).map(Number));
  });

  it('rejects a truncated stream, too few values and a bad header', () => {
    const bytes = encode(Array.from({ length: 300 }, (_, i) => BigInt(i * 37 % 101)), 32);
    expect(() => decodeDeltaInt32(bytes.subarray(0, bytes.length - 3), new Int32Array(300), 300)).toThrow(/ends inside/);
    expect(() => decodeDeltaInt32(bytes, new Int32Array(301), 301)).toThrow(/holds 300 values, 301 expected/);
    expect(() => decodeDeltaInt32(Uint8Array.from([100, 4, 1, 0]), new Int32Array(1), 1)).toThrow(/multiple of 128/);
  });
});
