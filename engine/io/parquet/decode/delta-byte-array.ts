// DELTA_BYTE_ARRAY ("incremental encoding", written by parquet-mr's v2 writer for strings and
// FIXED_LEN_BYTE_ARRAY): the values' prefix lengths (DELTA_BINARY_PACKED), then their suffixes
// (DELTA_LENGTH_BYTE_ARRAY: lengths, then bytes back to back). Value i is the first prefix[i]
// bytes of value i - 1 followed by suffix i; each page starts afresh (its first prefix is 0).

import { decodeDeltaInt32 } from './delta-binary-packed.ts';
import type { ByteArrays } from './byte-arrays.ts';

/** The first `count` values of a DELTA_BYTE_ARRAY page as offsets + bytes. */
export function decodeDeltaByteArray(data: Uint8Array, count: number): ByteArrays {
  const prefixes = new Int32Array(count);
  const suffixes = new Int32Array(count);
  let p = decodeDeltaInt32(data, prefixes, count);
  p += decodeDeltaInt32(data.subarray(p), suffixes, count);
  const offsets = new Int32Array(count + 1);
  let total = 0;
  let suffixBytes = 0;
  for (let i = 0; i < count; i++) {
    const prefix = prefixes[i]!;
    const suffix = suffixes[i]!;
    const previous = i > 0 ? offsets[i]! - offsets[i - 1]! : 0;
    if (prefix < 0 || suffix < 0 || prefix > previous) {
      throw new Error(`a DELTA_BYTE_ARRAY page has value ${i} with prefix ${prefix} and suffix ${suffix} (previous value ${previous} bytes)`);
    }
    total += prefix + suffix;
    suffixBytes += suffix;
    offsets[i + 1] = total;
  }
  if (p + suffixBytes > data.length) throw new Error(`a DELTA_BYTE_ARRAY page holds ${data.length - p} suffix bytes, ${suffixBytes} expected`);
  const bytes = new Uint8Array(total);
  for (let i = 0; i < count; i++) {
    const start = offsets[i]!;
    const prefix = prefixes[i]!;
    if (prefix > 0) bytes.copyWithin(start, start - (offsets[i]! - offsets[i - 1]!), start - (offsets[i]! - offsets[i - 1]!) + prefix);
    const suffix = suffixes[i]!;
    if (suffix < 16) for (let b = 0; b < suffix; b++) bytes[start + prefix + b] = data[p + b]!;
    else bytes.set(data.subarray(p, p + suffix), start + prefix);
    p += suffix;
  }
  return { offsets, bytes };
}
