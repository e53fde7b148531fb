// Row gathers straight on Arrow Data: output row i is input row idx[i] (idx[i] < 0 gives null).
// Validity is read and written as bits in place (no byte-per-row unpacking), 64-bit values are
// copied as two 32-bit halves (no BigInt), dictionary columns gather their codes and keep their
// dictionary, strings copy byte ranges once the total size is known. Used by filter, join and
// partitioning, where every output column of every batch passes through here.

import { makeData, Type } from 'apache-arrow';
import type { Data } from 'apache-arrow';
import { takeData } from './column.ts';

/** Output validity bits for idx over a source bitmap (null = source has no nulls).
 *  `noNegative`: the caller knows idx has no -1 entries (filter selections). */
function gatherValidity(bits: Uint8Array | null, off: number, idx: Int32Array, noNegative: boolean): { bitmap: Uint8Array | undefined; nulls: number } {
  const n = idx.length;
  let nulls = 0;
  if (!bits) {
    if (noNegative) return { bitmap: undefined, nulls: 0 };
    for (let i = 0; i < n; i++) if (idx[i]! < 0) nulls++;
    if (nulls === 0) return { bitmap: undefined, nulls: 0 };
    const out = new Uint8Array(((n + 63) & ~63) >> 3);
    for (let i = 0; i < n; i++) if (idx[i]! >= 0) out[i >> 3]! |= 1 << (i & 7);
    return { bitmap: out, nulls };
  }
  const out = new Uint8Array(((n + 63) & ~63) >> 3);
  let valid = 0;
  if (noNegative) {
    // A whole output byte at a time, kept in a register.
    const full = n & ~7;
    for (let i = 0; i < full; i += 8) {
      let byte = 0;
      for (let b = 0; b < 8; b++) { const j = idx[i + b]! + off; byte |= ((bits[j >> 3]! >> (j & 7)) & 1) << b; }
      out[i >> 3] = byte;
      valid += POPCOUNT[byte]!;
    }
    for (let i = full; i < n; i++) {
      const j = idx[i]! + off; const v = (bits[j >> 3]! >> (j & 7)) & 1;
      out[i >> 3]! |= v << (i & 7); valid += v;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const k = idx[i]!;
      if (k < 0) continue;
      const j = k + off;
      const v = (bits[j >> 3]! >> (j & 7)) & 1;
      out[i >> 3]! |= v << (i & 7);
      valid += v;
    }
  }
  nulls = n - valid;
  return nulls ? { bitmap: out, nulls } : { bitmap: undefined, nulls: 0 };
}

const POPCOUNT = new Uint8Array(256);
for (let b = 1; b < 256; b++) POPCOUNT[b] = (b & 1) + POPCOUNT[b >> 1]!;

function gather32(src: Int32Array | Float32Array | Uint32Array, idx: Int32Array): Int32Array {
  // Reinterpreting as Int32 copies bit patterns exactly (floats included, NaN payloads kept).
  const s = new Int32Array(src.buffer, src.byteOffset, src.length);
  const n = idx.length; const out = new Int32Array(n);
  for (let i = 0; i < n; i++) { const k = idx[i]!; out[i] = k < 0 ? 0 : s[k]!; }
  return out;
}

function gather64(src: Float64Array | BigInt64Array | BigUint64Array, idx: Int32Array): Int32Array {
  const s = new Int32Array(src.buffer, src.byteOffset, src.length * 2);
  const n = idx.length; const out = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const k = idx[i]!;
    if (k < 0) continue;
    out[2 * i] = s[2 * k]!; out[2 * i + 1] = s[2 * k + 1]!;
  }
  return out;
}

function gatherSmall(src: Int8Array | Uint8Array | Int16Array | Uint16Array, idx: Int32Array): Int8Array | Uint8Array | Int16Array | Uint16Array {
  const n = idx.length;
  const out = new (src.constructor as { new (n: number): Int8Array | Uint8Array | Int16Array | Uint16Array })(n);
  for (let i = 0; i < n; i++) { const k = idx[i]!; out[i] = k < 0 ? 0 : src[k]!; }
  return out;
}

/** Fixed-width values of `src` at idx, in an array of src's own type. */
export function gatherValues<T extends ArrayBufferView>(src: T, idx: Int32Array): T {
  if (src instanceof Float64Array) {
    // Float copies as numbers (one load and store per row); int64 below goes as two int32
    // halves, since reading an int64 bit pattern as a float could canonicalize a NaN.
    const n = idx.length; const out = new Float64Array(n);
    for (let i = 0; i < n; i++) { const k = idx[i]!; out[i] = k < 0 ? 0 : src[k]!; }
    return out as unknown as T;
  }
  const Ctor = src.constructor as { new (b: ArrayBufferLike, o?: number, l?: number): T; BYTES_PER_ELEMENT: number };
  if (Ctor.BYTES_PER_ELEMENT === 8) {
    const w = gather64(src as unknown as Float64Array, idx);
    return new Ctor(w.buffer, 0, idx.length);
  }
  if (Ctor.BYTES_PER_ELEMENT === 4) {
    const w = gather32(src as unknown as Int32Array, idx);
    return new Ctor(w.buffer, 0, idx.length);
  }
  return gatherSmall(src as unknown as Uint8Array, idx) as unknown as T;
}

function gatherBits(bits: Uint8Array, off: number, idx: Int32Array): Uint8Array {
  const n = idx.length; const out = new Uint8Array(((n + 63) & ~63) >> 3);
  for (let i = 0; i < n; i++) {
    const k = idx[i]!;
    if (k < 0) continue;
    const j = k + off;
    out[i >> 3]! |= ((bits[j >> 3]! >> (j & 7)) & 1) << (i & 7);
  }
  return out;
}

function gatherUtf8(offsets: Int32Array, bytes: Uint8Array, idx: Int32Array): { offsets: Int32Array; bytes: Uint8Array } {
  const n = idx.length; const out = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    out[i] = total;
    const k = idx[i]!;
    if (k >= 0) total += offsets[k + 1]! - offsets[k]!;
  }
  out[n] = total;
  const b = new Uint8Array(total);
  // Runs of consecutive source rows (common in filter selections) are one contiguous byte range.
  let i = 0;
  while (i < n) {
    const k = idx[i]!;
    if (k < 0) { i++; continue; }
    let j = i + 1;
    while (j < n && idx[j] === idx[j - 1]! + 1) j++;
    const s = offsets[k]!; const e = offsets[idx[j - 1]! + 1]!;
    let p = out[i]!;
    if (e - s < 32) { for (let q = s; q < e; q++) b[p++] = bytes[q]!; } else b.set(bytes.subarray(s, e), p);
    i = j;
  }
  return { offsets: out, bytes: b };
}

// A join's build side is gathered at random rows for every probe batch: its dictionary codes as
// one byte each (a quarter of the memory) stay in L2 cache where 32-bit codes of a 1M-row side
// do not. Made on the second gather of the same big code array (a filter's or partition's
// batch is gathered once), and never for codes outside 0..255 (a null row may hold any code).
// Above a scan batch's size, so no array the Parquet decoder recycles (and rewrites) is cached.
const NARROW_MIN_ROWS = 65_537;
const narrowed = new WeakMap<Int32Array, Uint8Array | 'seen' | 'wide'>();

function narrowCodes(codes: Int32Array): Uint8Array | null {
  if (!(codes instanceof Int32Array) || codes.length < NARROW_MIN_ROWS) return null;
  const known = narrowed.get(codes);
  if (known instanceof Uint8Array) return known;
  if (known === 'wide') return null;
  if (known === undefined) { narrowed.set(codes, 'seen'); return null; }
  const out = new Uint8Array(codes.length);
  let bad = 0;
  for (let i = 0; i < codes.length; i++) { const c = codes[i]!; bad |= c & ~0xff; out[i] = c; }
  narrowed.set(codes, bad ? 'wide' : out);
  return bad ? null : out;
}

function gatherNarrow(src: Uint8Array, idx: Int32Array): Int32Array {
  const n = idx.length; const out = new Int32Array(n);
  for (let i = 0; i < n; i++) { const k = idx[i]!; out[i] = k < 0 ? 0 : src[k]!; }
  return out;
}

/** Rows idx of one column (idx[i] < 0 gives a null row; `noNegative` promises there are none). */
export function gatherData(d: Data, idx: Int32Array, noNegative = false): Data {
  const n = idx.length;
  const bits = d.nullCount > 0 && d.nullBitmap && d.nullBitmap.length > 0 ? d.nullBitmap : null;
  switch (d.type.typeId) {
    case Type.Int: case Type.Float: case Type.Date: case Type.Timestamp: {
      const { bitmap, nulls } = gatherValidity(bits, d.offset, idx, noNegative);
      return makeData({ type: d.type, length: n, nullCount: nulls, nullBitmap: bitmap, data: gatherValues(d.values as Int32Array, idx) } as never);
    }
    case Type.Bool: {
      const { bitmap, nulls } = gatherValidity(bits, d.offset, idx, noNegative);
      return makeData({ type: d.type, length: n, nullCount: nulls, nullBitmap: bitmap, data: gatherBits(d.values as Uint8Array, d.offset, idx) } as never);
    }
    case Type.Utf8: {
      const { bitmap, nulls } = gatherValidity(bits, d.offset, idx, noNegative);
      const s = gatherUtf8(d.valueOffsets as Int32Array, d.values as Uint8Array, idx);
      return makeData({ type: d.type, length: n, nullCount: nulls, nullBitmap: bitmap, valueOffsets: s.offsets, data: s.bytes } as never);
    }
    case Type.Dictionary: {
      const { bitmap, nulls } = gatherValidity(bits, d.offset, idx, noNegative);
      const codes = d.values as Int32Array;
      const narrow = d.dictionary && d.dictionary.length <= 256 ? narrowCodes(codes) : null;
      const values = narrow ? gatherNarrow(narrow, idx) : gatherValues(codes, idx);
      return makeData({ type: d.type, length: n, nullCount: nulls, nullBitmap: bitmap, data: values, dictionary: d.dictionary } as never);
    }
    default:
      return takeData(d, idx);
  }
}
