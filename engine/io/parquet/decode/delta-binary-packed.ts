// Parquet's DELTA_BINARY_PACKED encoding (INT32 and INT64 values; also the lengths of
// DELTA_LENGTH_BYTE_ARRAY). A header (block size, miniblocks per block, value count, first value
// as zigzag ULEB128), then blocks: a zigzag ULEB128 min delta, one bit width byte per miniblock,
// and the miniblocks' deltas minus the min delta, bit-packed little-endian. Each value is the
// previous one plus min delta plus its packed delta, wrapping in the column's width.
// INT64 values are kept as two 32-bit halves (no BigInt per value): the hot loop stays in int32.

/** A position in the page, moved by the ULEB128 reads. */
interface Cursor { pos: number }

/** 64-bit ULEB128 at cur.pos as low and high 32-bit halves (written into `pair`). */
function uleb64(data: Uint8Array, cur: Cursor, pair: Int32Array): void {
  let lo = 0;
  let hi = 0;
  for (let shift = 0; ; shift += 7) {
    if (cur.pos >= data.length) throw new Error('a DELTA_BINARY_PACKED page ends inside a varint');
    if (shift > 63) throw new Error('a DELTA_BINARY_PACKED varint is longer than 10 bytes');
    const b = data[cur.pos++]!;
    const bits = b & 0x7f;
    if (shift < 32) {
      lo |= bits << shift;
      if (shift + 7 > 32) hi |= bits >>> (32 - shift);
    } else {
      hi |= bits << (shift - 32);
    }
    if (b < 0x80) break;
  }
  pair[0] = lo;
  pair[1] = hi;
}

/** A ULEB128 that must fit a non-negative safe integer (the header's sizes and counts). */
function ulebSize(data: Uint8Array, cur: Cursor, pair: Int32Array, what: string): number {
  uleb64(data, cur, pair);
  const v = (pair[1]! >>> 0) * 2 ** 32 + (pair[0]! >>> 0);
  if (pair[1]! >>> 0 >= 2 ** 21) throw new Error(`a DELTA_BINARY_PACKED header's ${what} is too big`);
  return v;
}

/** Zigzag-decodes the 64-bit pair in place: (u >>> 1) ^ -(u & 1). */
function unzigzag(pair: Int32Array): void {
  const lo = pair[0]!;
  const hi = pair[1]!;
  const sign = -(lo & 1);
  pair[0] = ((lo >>> 1) | (hi << 31)) ^ sign;
  pair[1] = (hi >>> 1) ^ sign;
}

/** `width` (1..32) bits at bit position `bit` of `data`, as int32 bits; bytes past the end read 0. */
function bitsAt(data: Uint8Array, bit: number, width: number): number {
  const p = bit >>> 3;
  const shift = bit & 7;
  let v = ((data[p] ?? 0) | ((data[p + 1] ?? 0) << 8) | ((data[p + 2] ?? 0) << 16) | ((data[p + 3] ?? 0) << 24)) >>> shift;
  if (shift + width > 32) v |= (data[p + 4] ?? 0) << (32 - shift);
  return width === 32 ? v | 0 : v & ((1 << width) - 1);
}

interface Header { blockSize: number; miniblocks: number; perMiniblock: number; count: number }

function readHeader(data: Uint8Array, cur: Cursor, pair: Int32Array): Header {
  const blockSize = ulebSize(data, cur, pair, 'block size');
  const miniblocks = ulebSize(data, cur, pair, 'miniblock count');
  const count = ulebSize(data, cur, pair, 'value count');
  if (blockSize === 0 || blockSize % 128 !== 0) throw new Error(`a DELTA_BINARY_PACKED block size is ${blockSize}, not a multiple of 128`);
  if (miniblocks === 0 || blockSize % miniblocks !== 0 || (blockSize / miniblocks) % 32 !== 0) {
    throw new Error(`a DELTA_BINARY_PACKED block of ${blockSize} values has ${miniblocks} miniblocks (each must hold a multiple of 32)`);
  }
  return { blockSize, miniblocks, perMiniblock: blockSize / miniblocks, count };
}

const pair = new Int32Array(2);

/**
 * Decodes the first `n` values of the DELTA_BINARY_PACKED stream at data[0..] into out[0, n),
 * wrapping in 32 bits (INT32). Returns the bytes the whole stream takes (its header's value count,
 * which must be at least n).
 */
export function decodeDeltaInt32(data: Uint8Array, out: Int32Array, n: number): number {
  const cur = { pos: 0 };
  const h = readHeader(data, cur, pair);
  if (h.count < n) throw new Error(`a DELTA_BINARY_PACKED page holds ${h.count} values, ${n} expected`);
  uleb64(data, cur, pair);
  unzigzag(pair);
  let value = pair[0]!;
  if (h.count > 0 && n > 0) out[0] = value;
  let done = 1;
  while (done < h.count) {
    uleb64(data, cur, pair);
    unzigzag(pair);
    const minDelta = pair[0]!; // the low half: deltas wrap in 32 bits
    const widths = cur.pos;
    cur.pos += h.miniblocks;
    if (cur.pos > data.length) throw new Error('a DELTA_BINARY_PACKED page ends inside a block header');
    for (let m = 0; m < h.miniblocks && done < h.count; m++) {
      const width = data[widths + m]!;
      if (width > 64) throw new Error(`a DELTA_BINARY_PACKED miniblock has bit width ${width}`);
      const take = Math.min(h.perMiniblock, h.count - done);
      const lim = Math.min(take, n - done);
      if (width === 0) {
        for (let i = 0; i < lim; i++) { value = (value + minDelta) | 0; out[done + i] = value; }
      } else {
        // DuckDB computes INT32 deltas in 64 bits (widths up to 33): their low 32 bits are
        // enough, as the sum wraps in 32 bits anyway.
        const base = cur.pos * 8;
        const loWidth = Math.min(width, 32);
        for (let i = 0; i < lim; i++) {
          value = (value + minDelta + bitsAt(data, base + i * width, loWidth)) | 0;
          out[done + i] = value;
        }
      }
      // A miniblock with any value is stored whole (padded); unneeded ones take no bytes.
      cur.pos += (h.perMiniblock * width) >>> 3;
      done += take;
    }
  }
  if (cur.pos > data.length) throw new Error('a DELTA_BINARY_PACKED page ends inside a miniblock');
  return cur.pos;
}

/**
 * Decodes the first `n` values of the DELTA_BINARY_PACKED stream at data[0..] into out[0, n),
 * wrapping in 64 bits (INT64). Returns the bytes the whole stream takes.
 */
export function decodeDeltaInt64(data: Uint8Array, out: BigInt64Array, n: number): number {
  // Little-endian halves of the output (the decoder already assumes a little-endian host).
  const halves = new Int32Array(out.buffer, out.byteOffset, out.length * 2);
  const cur = { pos: 0 };
  const h = readHeader(data, cur, pair);
  if (h.count < n) throw new Error(`a DELTA_BINARY_PACKED page holds ${h.count} values, ${n} expected`);
  uleb64(data, cur, pair);
  unzigzag(pair);
  let lo = pair[0]!;
  let hi = pair[1]!;
  if (h.count > 0 && n > 0) { halves[0] = lo; halves[1] = hi; }
  let done = 1;
  while (done < h.count) {
    uleb64(data, cur, pair);
    unzigzag(pair);
    const minLo = pair[0]!;
    const minHi = pair[1]!;
    const widths = cur.pos;
    cur.pos += h.miniblocks;
    if (cur.pos > data.length) throw new Error('a DELTA_BINARY_PACKED page ends inside a block header');
    for (let m = 0; m < h.miniblocks && done < h.count; m++) {
      const width = data[widths + m]!;
      if (width > 64) throw new Error(`a DELTA_BINARY_PACKED miniblock has bit width ${width}`);
      const take = Math.min(h.perMiniblock, h.count - done);
      const lim = Math.min(take, n - done);
      const base = cur.pos * 8;
      const loWidth = Math.min(width, 32);
      for (let i = 0; i < lim; i++) {
        let dLo = 0;
        let dHi = 0;
        if (width > 0) {
          const bit = base + i * width;
          dLo = bitsAt(data, bit, loWidth);
          if (width > 32) dHi = bitsAt(data, bit + 32, width - 32);
        }
        // value += minDelta + packed, as unsigned 32-bit halves with carries.
        let s = (lo >>> 0) + (minLo >>> 0);
        let carry = s > 0xffffffff ? 1 : 0;
        lo = s | 0;
        hi = (hi + minHi + carry) | 0;
        s = (lo >>> 0) + (dLo >>> 0);
        carry = s > 0xffffffff ? 1 : 0;
        lo = s | 0;
        hi = (hi + dHi + carry) | 0;
        const o = (done + i) * 2;
        halves[o] = lo;
        halves[o + 1] = hi;
      }
      cur.pos += (h.perMiniblock * width) >>> 3;
      done += take;
    }
  }
  if (cur.pos > data.length) throw new Error('a DELTA_BINARY_PACKED page ends inside a miniblock');
  return cur.pos;
}
