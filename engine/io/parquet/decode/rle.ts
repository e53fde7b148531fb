// Parquet's RLE / bit-packed hybrid encoding (definition levels, dictionary indices, RLE
// booleans): runs of one repeated value alternate with groups of 8 bit-packed values.

import { DecodeUnsupported } from './unsupported.ts';

/**
 * Decodes `count` values of `bitWidth` bits from bytes[pos, end) into out[0, count).
 * Returns the position after the last run read.
 */
export function decodeHybrid(bytes: Uint8Array, pos: number, end: number, bitWidth: number, out: Int32Array, count: number): number {
  if (bitWidth > 32) throw new DecodeUnsupported(`RLE bit width ${bitWidth}`);
  const valueBytes = (bitWidth + 7) >>> 3;
  let n = 0;
  while (n < count) {
    if (pos >= end) throw new Error(`RLE data ends after ${n} of ${count} values`);
    // ULEB128 run header.
    let header = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos++]!;
      header += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) break;
      shift += 7;
    }
    if (header % 2 === 0) {
      // RLE run: the value repeated (header >> 1) times, stored little-endian in valueBytes.
      const runLength = header / 2;
      let value = 0;
      for (let i = 0; i < valueBytes; i++) value += bytes[pos++]! * 2 ** (8 * i);
      const stop = Math.min(count, n + runLength);
      out.fill(value | 0, n, stop);
      n = stop;
    } else {
      // Bit-packed: (header >> 1) groups of 8 values, least significant bit first.
      const values = ((header - 1) / 2) * 8;
      const stop = Math.min(count, n + values);
      unpackBits(bytes, pos, bitWidth, out, n, stop);
      // The run's bytes are all present even when fewer values are needed.
      pos += (values / 8) * bitWidth;
      n = stop;
    }
  }
  return pos;
}

/** Unpacks out[from, to) from LSB-first bit-packed bytes at `pos`. */
function unpackBits(bytes: Uint8Array, pos: number, bitWidth: number, out: Int32Array, from: number, to: number): void {
  if (bitWidth === 0) {
    out.fill(0, from, to);
    return;
  }
  if (bitWidth <= 24) {
    const mask = (1 << bitWidth) - 1;
    let acc = 0;
    let bits = 0;
    for (let i = from; i < to; i++) {
      while (bits < bitWidth) {
        acc |= bytes[pos++]! << bits;
        bits += 8;
      }
      out[i] = acc & mask;
      acc >>>= bitWidth;
      bits -= bitWidth;
    }
    return;
  }
  // Wide values: accumulate in doubles (exact below 2^53).
  let acc = 0;
  let bits = 0;
  const mod = 2 ** bitWidth;
  for (let i = from; i < to; i++) {
    while (bits < bitWidth) {
      acc += bytes[pos++]! * 2 ** bits;
      bits += 8;
    }
    out[i] = acc % mod | 0;
    acc = Math.floor(acc / mod);
    bits -= bitWidth;
  }
}

/** Bit width needed for values up to `max` (Parquet's level encodings use it). */
export function bitWidthOf(max: number): number {
  return max === 0 ? 0 : 32 - Math.clz32(max);
}
