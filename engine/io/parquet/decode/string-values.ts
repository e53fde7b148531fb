// BYTE_ARRAY values as UTF-8 strings: either plain offsets + bytes over the row group's rows, or
// (for the file's small-dictionary columns, as the parquet-wasm path decodes them) Int32 codes
// into the chunk's dictionary. A null row is an empty range, or code 0.

import { DecodeUnsupported } from './unsupported.ts';
import { Encoding } from './page-header.ts';
import { countLevels, indexScratch, SLICE, type ValueSink } from './fixed-values.ts';
import { decodeHybrid, HybridReader } from './rle.ts';
import { decodeDeltaInt32 } from './delta-binary-packed.ts';

/** A dictionary page's PLAIN byte arrays as offsets + bytes (copied out of the page). */
export interface ByteArrays { readonly offsets: Int32Array; readonly bytes: Uint8Array }

function readU32(data: Uint8Array, p: number): number {
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

/** Plain strings: offsets (rows + 1) and a growing byte buffer. */
export class StringSink implements ValueSink {
  readonly offsets: Int32Array;
  private buf: Uint8Array;
  private end = 0;
  private dict: ByteArrays | undefined;

  constructor(rows: number, bytesHint: number) {
    this.offsets = new Int32Array(rows + 1);
    this.buf = new Uint8Array(Math.max(1024, bytesHint));
  }

  get bytes(): Uint8Array {
    return this.buf.subarray(0, this.end);
  }

  private reserve(more: number): void {
    if (this.end + more <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.end + more, this.buf.length * 2));
    grown.set(this.buf.subarray(0, this.end));
    this.buf = grown;
  }

  dictionaryPage(data: Uint8Array, count: number): void {
    this.dict = plainByteArrays(data, count);
  }

  plain(data: Uint8Array, encoding: number, row: number, n: number, levels: Uint8Array | null, present: number): void {
    if (encoding === Encoding.DELTA_LENGTH_BYTE_ARRAY) return this.deltaLength(data, row, n, levels, present);
    if (encoding !== Encoding.PLAIN) throw new DecodeUnsupported(`encoding ${encoding} for strings`);
    // The page's values take at most its size in bytes.
    this.reserve(data.length);
    const out = this.buf;
    const offsets = this.offsets;
    let end = this.end;
    let p = 0;
    for (let i = 0; i < n; i++) {
      if (!levels || levels[i] !== 0) {
        const len = readU32(data, p);
        p += 4;
        if (p + len > data.length) throw new Error('a PLAIN BYTE_ARRAY page ends inside a value');
        if (len < 16) for (let b = 0; b < len; b++) out[end + b] = data[p + b]!;
        else out.set(data.subarray(p, p + len), end);
        end += len;
        p += len;
      }
      offsets[row + i + 1] = end;
    }
    this.end = end;
  }

  /** DELTA_LENGTH_BYTE_ARRAY: the present values' lengths (DELTA_BINARY_PACKED), then their bytes back to back. */
  private deltaLength(data: Uint8Array, row: number, n: number, levels: Uint8Array | null, present: number): void {
    const lengths = indexScratch(present);
    const p = decodeDeltaInt32(data, lengths, present);
    let total = 0;
    for (let k = 0; k < present; k++) {
      const len = lengths[k]!;
      if (len < 0) throw new Error(`a DELTA_LENGTH_BYTE_ARRAY page has a negative length ${len}`);
      total += len;
    }
    if (p + total > data.length) throw new Error(`a DELTA_LENGTH_BYTE_ARRAY page holds ${data.length - p} value bytes, ${total} expected`);
    this.reserve(total);
    this.buf.set(data.subarray(p, p + total), this.end);
    const offsets = this.offsets;
    let end = this.end;
    for (let i = 0, k = 0; i < n; i++) {
      if (!levels || levels[i] !== 0) end += lengths[k++]!;
      offsets[row + i + 1] = end;
    }
    this.end = end;
  }

  allNull(row: number, n: number): void {
    this.offsets.fill(this.end, row + 1, row + n + 1);
  }

  fromDictionary(data: Uint8Array, row: number, n: number, levels: Uint8Array | null, present: number): void {
    const dict = this.dict;
    if (!dict) throw new Error('a dictionary-encoded page comes before any dictionary page');
    const indices = indexScratch(present);
    decodeHybrid(data, 1, data.length, data[0]!, indices, present);
    const dOff = dict.offsets;
    const dBytes = dict.bytes;
    const size = dOff.length - 1;
    let need = 0;
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (levels && levels[i] === 0) continue;
      const j = indices[k++]!;
      if (j >= size) throw new Error(`dictionary index ${j} out of range (${size} entries)`);
      need += dOff[j + 1]! - dOff[j]!;
    }
    this.reserve(need);
    const out = this.buf;
    const offsets = this.offsets;
    let end = this.end;
    k = 0;
    for (let i = 0; i < n; i++) {
      if (!levels || levels[i] !== 0) {
        const j = indices[k++]!;
        const s = dOff[j]!;
        const len = dOff[j + 1]! - s;
        if (len < 16) for (let b = 0; b < len; b++) out[end + b] = dBytes[s + b]!;
        else out.set(dBytes.subarray(s, s + len), end);
        end += len;
      }
      offsets[row + i + 1] = end;
    }
    this.end = end;
  }
}

/** Dictionary strings: Int32 codes per row into the chunk's one dictionary page. */
export class DictionaryStringSink implements ValueSink {
  readonly codes: Int32Array;
  dict: ByteArrays | undefined;

  constructor(rows: number) {
    this.codes = new Int32Array(rows);
  }

  dictionaryPage(data: Uint8Array, count: number): void {
    if (this.dict) throw new DecodeUnsupported('a second dictionary page in one column chunk');
    this.dict = plainByteArrays(data, count);
  }

  allNull(): void {}

  plain(): void {
    // A chunk that falls back to plain pages: parquet-wasm reads it (it keeps the dictionary type).
    throw new DecodeUnsupported('plain pages in a dictionary string column');
  }

  fromDictionary(data: Uint8Array, row: number, n: number, levels: Uint8Array | null, present: number): void {
    if (!this.dict) throw new Error('a dictionary-encoded page comes before any dictionary page');
    const size = this.dict.offsets.length - 1;
    const codes = this.codes;
    if (!levels) {
      // Straight into the codes, then one check pass.
      decodeHybrid(data, 1, data.length, data[0]!, codes.subarray(row, row + n), n);
      let max = 0;
      for (let i = row; i < row + n; i++) max = Math.max(max, codes[i]!);
      if (n > 0 && max >= size) throw new Error(`dictionary index ${max} out of range (${size} entries)`);
      return;
    }
    const reader = new HybridReader(data, 1, data.length, data[0]!);
    const indices = indexScratch(SLICE + 1);
    // Branchless: a null row gets code 0 and does not advance k.
    let max = 0;
    for (let s = 0; s < n; s += SLICE) {
      const m = Math.min(SLICE, n - s);
      const count = countLevels(levels, s, s + m);
      reader.read(indices, 0, count);
      indices[count] = 0;
      for (let i = s, k = 0; i < s + m; i++) {
        const l = levels[i]!;
        const j = indices[k]! & -l;
        codes[row + i] = j;
        max = Math.max(max, j);
        k += l;
      }
    }
    if (max >= size && present > 0) throw new Error(`dictionary index ${max} out of range (${size} entries)`);
  }
}
