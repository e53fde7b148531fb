// BYTE_ARRAY values held as offsets + bytes: what a PLAIN dictionary page and a DELTA_BYTE_ARRAY
// page decode to, before string-values.ts appends them to a batch's strings.

/** Byte arrays as offsets (count + 1) + bytes, copied out of the page. */
export interface ByteArrays { readonly offsets: Int32Array; readonly bytes: Uint8Array }

/** The 4-byte little-endian length in front of a PLAIN BYTE_ARRAY value. */
export function readU32(data: Uint8Array, p: number): number {
  return (data[p]! | (data[p + 1]! << 8) | (data[p + 2]! << 16) | (data[p + 3]! << 24)) >>> 0;
}

/** Each value is a 4-byte little-endian length, then that many bytes. */
export function plainByteArrays(data: Uint8Array, count: number): ByteArrays {
  const offsets = new Int32Array(count + 1);
  let p = 0;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const len = readU32(data, p);
    p += 4 + len;
    if (p > data.length) throw new Error(`a PLAIN BYTE_ARRAY page ends inside value ${i} of ${count}`);
    total += len;
    offsets[i + 1] = total;
  }
  const bytes = new Uint8Array(total);
  p = 0;
  for (let i = 0; i < count; i++) {
    const len = offsets[i + 1]! - offsets[i]!;
    bytes.set(data.subarray(p + 4, p + 4 + len), offsets[i]!);
    p += 4 + len;
  }
  return { offsets, bytes };
}
