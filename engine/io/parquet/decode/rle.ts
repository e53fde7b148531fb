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
 * A resumable reader of one hybrid-encoded stream: `read` continues where the last call stopped,
 * even inside a run, so a page's dictionary indices can be decoded a small slice at a time (the
 * slice stays in L1 cache for the gather that follows, instead of a page-sized index array).
 */
export class HybridReader {
  private readonly bytes: Uint8Array;
  private readonly end: number;
  readonly bitWidth: number;
  private readonly valueBytes: number;
  /** Position of the next run header. */
  pos: number;
  private left = 0;
  private rle = false;
  private value = 0;
  /** Bit-packed runs: bit position of the next value. */
  private bit = 0;
  /** Told the end of the bytes about to be read, before they are (a page decompressed as far as
   *  it is read: snappy-stream.ts); absent: the bytes are all there. */
  private readonly need: ((end: number) => void) | undefined;

  constructor(bytes: Uint8Array, pos: number, end: number, bitWidth: number, need?: (end: number) => void) {
    if (bitWidth > 32) throw new DecodeUnsupported(`RLE bit width ${bitWidth}`);
    this.need = need;
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
    this.bitWidth = bitWidth;
    this.valueBytes = (bitWidth + 7) >>> 3;
  }

  /** Decodes the next `count` values into out[at, at + count). */
  read(out: Int32Array, at: number, count: number): void {
    const bytes = this.bytes;
    const bw = this.bitWidth;
    let done = 0;
    while (done < count) {
      if (this.left === 0) {
        if (this.pos >= this.end) throw new Error(`RLE data ends after ${done} of ${count} values`);
        this.startRun();
        continue;
      }
      const take = Math.min(count - done, this.left);
      const from = at + done;
      if (this.rle) {
        out.fill(this.value, from, from + take);
      } else {
        // Unpacking reads whole bytes, a few beyond the last value's at most.
        this.need?.(((this.bit + take * bw) >>> 3) + 8);
        unpackAt(bytes, this.bit, bw, out, from, from + take);
        this.bit += take * bw;
      }
      this.left -= take;
      done += take;
    }
  }
  /** Steps over the next `count` values without decoding them (late materialization: the rows
   *  a filter dropped): a run is passed by arithmetic, whatever its length. */
  skip(count: number): void {
    let done = 0;
    while (done < count) {
      if (this.left === 0) {
        if (this.pos >= this.end) throw new Error(`RLE data ends after ${done} of ${count} values`);
        this.startRun();
        continue;
      }
      const take = Math.min(count - done, this.left);
      if (!this.rle) this.bit += take * this.bitWidth;
      this.left -= take;
      done += take;
    }
  }

  /** Reads the run header at `pos` and sets up the run. */
  private startRun(): void {
    const bytes = this.bytes;
    // A header (a varint of at most 5 bytes) and an RLE run's value.
    this.need?.(this.pos + 5 + this.valueBytes);
    cursor.pos = this.pos;
    const header = runHeader(bytes, cursor);
    let p = cursor.pos;
    if ((header & 1) === 0) {
      // RLE run: the value repeated (header >> 1) times, little-endian in valueBytes.
      let value = 0;
      for (let i = 0; i < this.valueBytes; i++) value |= bytes[p++]! << (8 * i);
      this.rle = true;
      this.value = value;
      this.left = Math.floor(header / 2);
    } else {
      // Bit-packed: (header >> 1) groups of 8 values, least significant bit first; the run's
      // bytes are all there even when the stream needs fewer values.
      const groups = Math.floor(header / 2);
      this.rle = false;
      this.bit = p * 8;
      this.left = groups * 8;
      p += groups * this.bitWidth;
    }
    this.pos = p;
  }
}

/**
 * Decodes `count` values of `bitWidth` bits from bytes[pos, end) into out[0, count).
 * Returns the position after the last run read.
 */
export function decodeHybrid(bytes: Uint8Array, pos: number, end: number, bitWidth: number, out: Int32Array, count: number): number {
  const reader = new HybridReader(bytes, pos, end, bitWidth);
  reader.read(out, 0, count);
  return reader.pos;
}

/** Unpacks out[from, to) from LSB-first bit-packed values starting at bit `bit` of `bytes`. */
function unpackAt(bytes: Uint8Array, bit: number, bitWidth: number, out: Int32Array, from: number, to: number): void {
  if ((bit & 7) === 0) {
    const pos = bit >>> 3;
    if (bitWidth === 1) unpack1(bytes, pos, out, from, to);
    else if (bitWidth === 4) unpack4(bytes, pos, out, from, to);
    else if (bitWidth === 8) unpack8(bytes, pos, out, from, to);
    else if (bitWidth === 16) unpack16(bytes, pos, out, from, to);
    else unpackBits(bytes, pos, 0, bitWidth, out, from, to);
    return;
  }
  if (bitWidth === 4 && (bit & 7) === 4 && from < to) {
    out[from] = bytes[bit >>> 3]! >>> 4;
    unpack4(bytes, (bit >>> 3) + 1, out, from + 1, to);
    return;
  }
  unpackBits(bytes, bit >>> 3, bit & 7, bitWidth, out, from, to);
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
  out.set(bytes.subarray(pos, pos + (to - from)), from); // a native widening copy
}

function unpack16(bytes: Uint8Array, pos: number, out: Int32Array, from: number, to: number): void {
  const at = bytes.byteOffset + pos;
  if ((at & 1) === 0) {
    out.set(new Uint16Array(bytes.buffer, at, to - from), from); // little-endian, as Parquet stores it
    return;
  }
  for (let i = from; i < to; i++, pos += 2) out[i] = bytes[pos]! | (bytes[pos + 1]! << 8);
}

/** Unpacks out[from, to) from LSB-first bit-packed values starting `skip` bits into bytes[pos]. */
function unpackBits(bytes: Uint8Array, pos: number, skip: number, bitWidth: number, out: Int32Array, from: number, to: number): void {
  if (bitWidth === 0) {
    out.fill(0, from, to);
    return;
  }
  if (bitWidth <= 24) {
    const mask = (1 << bitWidth) - 1;
    let acc = 0;
    let bits = 0;
    if (skip > 0) {
      acc = bytes[pos++]! >>> skip;
      bits = 8 - skip;
    }
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
  if (skip > 0) {
    acc = bytes[pos++]! >>> skip;
    bits = 8 - skip;
  }
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
 * Definition levels of a flat optional column (bit width 1): sets the validity bits of rows
 * [row, row + count), writes 0/1 per value into levels[0, count) unless `levels` is null, and
 * returns how many values are present. Byte-aligned rows take whole bitmap bytes at once.
 */
export function decodeDefinitionLevels(
  bytes: Uint8Array, pos: number, end: number, count: number, levels: Uint8Array | null, validity: Uint8Array, row: number,
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
        if (levels !== null) for (let i = n; i < stop; i++) levels[i] = value;
        if (value === 1) for (let r = row + n; r < row + stop; r++) validity[r >>> 3]! |= 1 << (r & 7);
      } else {
        if (levels !== null) levels.fill(value, n, stop);
        if (value === 1) setRange(validity, row + n, row + stop);
      }
      if (value === 1) present += stop - n;
      n = stop;
    } else {
      const groups = Math.floor(header / 2);
      const stop = Math.min(count, n + groups * 8);
      // Each byte holds the levels of 8 rows: it goes into the bitmap whole, shifted across two
      // bytes when the rows do not start on a byte boundary.
      const shift = (row + n) & 7;
      let i = n;
      for (; i + 8 <= stop; i += 8) {
        const x = bytes[p++]!;
        if (levels !== null) {
          levels[i] = x & 1; levels[i + 1] = (x >>> 1) & 1; levels[i + 2] = (x >>> 2) & 1; levels[i + 3] = (x >>> 3) & 1;
          levels[i + 4] = (x >>> 4) & 1; levels[i + 5] = (x >>> 5) & 1; levels[i + 6] = (x >>> 6) & 1; levels[i + 7] = (x >>> 7) & 1;
        }
        present += POPCOUNT[x]!;
        const b = (row + i) >>> 3;
        if (shift === 0) validity[b] = x;
        else if (x !== 0) {
          validity[b]! |= (x << shift) & 0xff;
          validity[b + 1]! |= x >>> (8 - shift);
        }
      }
      if (i < stop) {
        const x = bytes[p]!;
        for (let j = 0; i < stop; i++, j++) {
          const v = (x >>> j) & 1;
          if (levels !== null) levels[i] = v;
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

/** Bits [start, start + n) of a bitmap as one byte per row (0/1) in out[0, n). */
export function unpackBitsTo(bits: Uint8Array, start: number, n: number, out: Uint8Array): Uint8Array {
  let i = 0;
  for (; i < n && ((start + i) & 7) !== 0; i++) { const r = start + i; out[i] = (bits[r >>> 3]! >>> (r & 7)) & 1; }
  for (let b = (start + i) >>> 3; i + 8 <= n; i += 8, b++) {
    const x = bits[b]!;
    out[i] = x & 1; out[i + 1] = (x >>> 1) & 1; out[i + 2] = (x >>> 2) & 1; out[i + 3] = (x >>> 3) & 1;
    out[i + 4] = (x >>> 4) & 1; out[i + 5] = (x >>> 5) & 1; out[i + 6] = (x >>> 6) & 1; out[i + 7] = (x >>> 7) & 1;
  }
  for (; i < n; i++) { const r = start + i; out[i] = (bits[r >>> 3]! >>> (r & 7)) & 1; }
  return out.subarray(0, n);
}

const VALID_BITS = Uint8Array.from({ length: 256 }, (_, b) => { let c = 0; for (let x = b; x; x >>= 1) c += x & 1; return c; });

/** Set bits of `bits` among positions [start, end) (any alignment). */
export function countValid(bits: Uint8Array, start: number, end: number): number {
  let c = 0;
  let r = start;
  for (; r < end && (r & 7) !== 0; r++) c += (bits[r >>> 3]! >>> (r & 7)) & 1;
  const whole = end & ~7;
  for (; r < whole; r += 8) c += VALID_BITS[bits[r >>> 3]!]!;
  for (; r < end; r++) c += (bits[r >>> 3]! >>> (r & 7)) & 1;
  return c;
}
