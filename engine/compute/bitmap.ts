// Validity and boolean bitmaps <-> one byte per row. Kernels work on bytes (simple, branch-free
// loops); Arrow holds bits, so we convert once on the way in and once on the way out.

import type { Data } from 'apache-arrow';

/** One byte per row, 1 = valid; null when the column has no nulls. */
export function validBytes(d: Data): Uint8Array | null {
  if (d.nullCount === 0 || !d.nullBitmap || d.nullBitmap.length === 0) return null;
  return unpackBits(d.nullBitmap, d.offset, d.length);
}

export function unpackBits(bits: Uint8Array, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  if ((offset & 7) === 0) {
    const base = offset >> 3;
    const full = length >> 3;
    for (let b = 0; b < full; b++) {
      const v = bits[base + b]!;
      const o = b << 3;
      out[o] = v & 1; out[o + 1] = (v >> 1) & 1; out[o + 2] = (v >> 2) & 1; out[o + 3] = (v >> 3) & 1;
      out[o + 4] = (v >> 4) & 1; out[o + 5] = (v >> 5) & 1; out[o + 6] = (v >> 6) & 1; out[o + 7] = (v >> 7) & 1;
    }
    for (let i = full << 3; i < length; i++) out[i] = (bits[base + (i >> 3)]! >> (i & 7)) & 1;
    return out;
  }
  for (let i = 0; i < length; i++) {
    const j = i + offset;
    out[i] = (bits[j >> 3]! >> (j & 7)) & 1;
  }
  return out;
}

export function packBits(bytes: Uint8Array, length: number = bytes.length): Uint8Array {
  const out = new Uint8Array(((length + 63) & ~63) >> 3);
  const full = length >> 3;
  for (let b = 0; b < full; b++) {
    const o = b << 3;
    out[b] = (bytes[o]! & 1) | ((bytes[o + 1]! & 1) << 1) | ((bytes[o + 2]! & 1) << 2) | ((bytes[o + 3]! & 1) << 3)
      | ((bytes[o + 4]! & 1) << 4) | ((bytes[o + 5]! & 1) << 5) | ((bytes[o + 6]! & 1) << 6) | ((bytes[o + 7]! & 1) << 7);
  }
  for (let i = full << 3; i < length; i++) if (bytes[i]) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

/** Count of zero bytes (nulls) in a validity byte array. */
export function countNulls(valid: Uint8Array | null, length: number): number {
  if (!valid) return 0;
  let n = 0;
  for (let i = 0; i < length; i++) n += valid[i]!;
  return length - n;
}
