// Parquet's RLE / bit-packed hybrid encoding (definition levels, dictionary indices, RLE
// booleans): runs of one repeated value alternate with groups of 8 bit-packed values.
// Hot loops: kept in 32-bit integer arithmetic, one specialization for bit width 1 (levels).

import { DecodeUnsupported } from './unsupported.ts';

/** Reads the ULEB128 run header at state.pos and moves state.pos past it. */
function runHeader(bytes: Uint8Array, state: { pos: number }): number {
  let pos = state.pos;
  let b = bytes[pos++]!;
  if (b < 0x80) { state.pos = pos; return b; }
  let header = b & 0x7f;
  let mul = 128;
  for (;;) {
    b = bytes[pos++]!;
    header += (b & 0x7f) * mul;
    if (b < 0x80) break;
    mul *= 128;
  }
  state.pos = pos;
  return header;
}

const cursor = { pos: 0 };

/**
 * Decodes `count` values of `bitWidth` bits from bytes[pos, end) into out[0, count).
 * Returns the position after the last run read.
 */
export function decodeHybrid(bytes: Uint8Array, pos: number, end: number, bitWidth: number, out: Int32Array, count: number): number {
  if (bitWidth > 32) throw new DecodeUnsupported(`RLE bit width ${bitWidth}`);
  const valueBytes = (bitWidth + 7) >>> 3;
  let n = 0;
  cursor.pos = pos;
  while (n < count) {
    if (cursor.pos >= end) throw new Error(`RLE data ends after ${n} of ${count} values`);
    const header = runHeader(bytes, cursor);
    let p = cursor.pos;
    if ((header & 1) === 0) {
      // RLE run: the value repeated (header >> 1) times, little-endian in valueBytes.
      let value = 0;
      for (let i = 0; i < valueBytes; i++) value |= bytes[p++]! << (8 * i);
      const stop = Math.min(count, n + Math.floor(header / 2));
      out.fill(value, n, stop);
      n = stop;
    } else {
      // Bit-packed: (header >> 1) groups of 8 values, least significant bit first.
      const groups = Math.floor(header / 2);
      const stop = Math.min(count, n + groups * 8);
      if (bitWidth === 1) unpack1(bytes, p, out, n, stop);
      else if (bitWidth === 4) unpack4(bytes, p, out, n, stop);
      else if (bitWidth === 8) unpack8(bytes, p, out, n, stop);
      else if (bitWidth === 16) unpack16(bytes, p, out, n, stop);
      else unpackBits(bytes, p, bitWidth, out, n, stop);
      p += groups * bitWidth; // the run's bytes are all there even when fewer values are needed
      n = stop;
    }
    cursor.pos = p;
  }
  return cursor.pos;
}

function unpack1(bytes: Uint8Array, pos: number, out: Int32Array, from: number, to: number): void {
  let i = from;
  for (; i + 8 <= to; i += 8) {
    const x = bytes[pos++]!;
    out[i] = x & 1; out[i + 1] = (x >>> 1) & 1; out[i + 2] = (x >>> 2) & 1; out[i + 3] = (x >>> 3) & 1;
    out[i + 4] = (x >>> 4) & 1; out[i + 5] = (x >>> 5) & 1; out[i + 6] = (x >>> 6) & 1; out[i + 7] = (x >>> 7) & 1;
  }
  if (i < to) {
    const x = bytes[pos]!;
    for (let j = 0; i < to; i++, j++) out[i] = (x >>> j) & 1;
  }
}

// Whole-byte widths (common for small dictionaries) without the generic bit accumulator.
function unpack4(bytes: Uint8Array, pos: number, out: Int32Array, from: number, to: number): void {
  let i = from;
  for (; i + 2 <= to; i += 2) {
    const x = bytes[pos++]!;
    out[i] = x & 15;
    out[i + 1] = x >>> 4;
  }
  if (i < to) out[i] = bytes[pos]! & 15;
}

function unpack8(bytes: Uint8Array, pos: number, out: Int32Array, from: number, to: number): void {
  for (let i = from; i < to; i++) out[i] = bytes[pos++]!;
}

function unpack16(bytes: Uint8Array, pos: number, out: Int32Array, from: number, to: number): void {
  for (let i = from; i < to; i++, pos += 2) out[i] = bytes[pos]! | (bytes[pos + 1]! << 8);
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

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, b) => { let c = 0; for (let x = b; x; x >>= 1) c += x & 1; return c; });

/**
 * Definition levels of a flat optional column (bit width 1): writes 0/1 per value into
 * levels[0, count), sets the validity bits of rows [row, row + count), and returns how many
 * values are present. Byte-aligned rows take whole bitmap bytes at once.
 */
export function decodeDefinitionLevels(
  bytes: Uint8Array, pos: number, end: number, count: number, levels: Uint8Array, validity: Uint8Array, row: number,
): number {
  let n = 0;
  let present = 0;
  cursor.pos = pos;
  while (n < count) {
    if (cursor.pos >= end) throw new Error(`definition levels end after ${n} of ${count} values`);
    const header = runHeader(bytes, cursor);
    let p = cursor.pos;
    if ((header & 1) === 0) {
      const value = bytes[p++]! & 1;
      const stop = Math.min(count, n + Math.floor(header / 2));
      if (stop - n < 64) {
        // Short runs are the common case (a few nulls): plain loops beat fill's call overhead.
        for (let i = n; i < stop; i++) levels[i] = value;
        if (value === 1) for (let r = row + n; r < row + stop; r++) validity[r >>> 3]! |= 1 << (r & 7);
      } else {
        levels.fill(value, n, stop);
        if (value === 1) setRange(validity, row + n, row + stop);
      }
      if (value === 1) present += stop - n;
      n = stop;
    } else {
      const groups = Math.floor(header / 2);
      const stop = Math.min(count, n + groups * 8);
      const aligned = ((row + n) & 7) === 0;
      let i = n;
      for (; i + 8 <= stop; i += 8) {
        const x = bytes[p++]!;
        levels[i] = x & 1; levels[i + 1] = (x >>> 1) & 1; levels[i + 2] = (x >>> 2) & 1; levels[i + 3] = (x >>> 3) & 1;
        levels[i + 4] = (x >>> 4) & 1; levels[i + 5] = (x >>> 5) & 1; levels[i + 6] = (x >>> 6) & 1; levels[i + 7] = (x >>> 7) & 1;
        present += POPCOUNT[x]!;
        if (aligned) validity[(row + i) >>> 3] = x;
        else for (let j = 0; j < 8; j++) if ((x >>> j) & 1) { const r = row + i + j; validity[r >>> 3]! |= 1 << (r & 7); }
      }
      if (i < stop) {
        const x = bytes[p]!;
        for (let j = 0; i < stop; i++, j++) {
          const v = (x >>> j) & 1;
          levels[i] = v;
          if (v) { present++; const r = row + i; validity[r >>> 3]! |= 1 << (r & 7); }
        }
      }
      p = cursor.pos + groups;
      n = stop;
    }
    cursor.pos = p;
  }
  return present;
}

/** Sets bits [from, to) of a bitmap. */
export function setRange(bitmap: Uint8Array, from: number, to: number): void {
  let r = from;
  while (r < to && (r & 7) !== 0) { bitmap[r >>> 3]! |= 1 << (r & 7); r++; }
  const fullEnd = r + ((to - r) & ~7);
  if (fullEnd > r) bitmap.fill(0xff, r >>> 3, fullEnd >>> 3);
  for (r = Math.max(r, fullEnd); r < to; r++) bitmap[r >>> 3]! |= 1 << (r & 7);
}
