// BYTE_ARRAY values as UTF-8 strings: either plain offsets + bytes over a batch's rows, or (for
// the file's small-dictionary columns, as the parquet-wasm path decodes them) Int32 codes into
// the chunk's dictionary. A null row is an empty range, or code 0.

import { DecodeUnsupported } from './unsupported.ts';
import { batchArray } from './batch-memory.ts';
import { Encoding } from './page-header.ts';
import { countLevels, indexScratch, SLICE, type ValueSink } from './fixed-values.ts';
import type { HybridReader } from './rle.ts';
import { decodeDeltaInt32 } from './delta-binary-packed.ts';
import { decodeDeltaByteArray } from './delta-byte-array.ts';
import { type ByteArrays, plainByteArrays, readU32 } from './byte-arrays.ts';

/** Plain strings: offsets (rows + 1) and a growing byte buffer. */
export class StringSink implements ValueSink {
  offsets: Int32Array;
  private buf: Uint8Array;
  private end = 0;
  private dict: ByteArrays | undefined;
  /** Bytes per row of the chunk (its uncompressed size over its rows): a batch's first buffer. */
  private readonly bytesPerRow: number;

  constructor(rows: number, bytesHint: number, bytesPerRow = rows > 0 ? bytesHint / rows : 0) {
    this.offsets = new Int32Array(rows + 1);
    this.buf = new Uint8Array(Math.max(1024, bytesHint));
    this.bytesPerRow = bytesPerRow;
  }

  reset(rows: number): void {
    this.offsets = new Int32Array(rows + 1);
    this.buf = new Uint8Array(Math.max(1024, Math.ceil(rows * this.bytesPerRow)));
    this.end = 0;
  }

  pageSink(rows: number): StringSink {
    return new StringSink(rows, 0);
  }

  copyRows(page: ValueSink, from: number, row: number, n: number): void {
    const src = page as StringSink;
    const so = src.offsets; const base = so[from]!; const len = so[from + n]! - base;
    this.reserve(len);
    this.buf.set(src.buf.subarray(base, base + len), this.end);
    const offsets = this.offsets; const shift = this.end - base;
    for (let i = 1; i <= n; i++) offsets[row + i] = so[from + i]! + shift;
    this.end += len;
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
    this.useDictionary(plainByteArrays(data, count));
  }

  /** The chunk's dictionary as strings (subclasses convert their pages' values). */
  protected useDictionary(dict: ByteArrays): void {
    this.dict = dict;
  }

  /** The `present` values of `values` (dense) into rows [row, row + n) whose level is not 0. */
  appendRows(values: ByteArrays, row: number, n: number, levels: Uint8Array | null): void {
    const vOff = values.offsets;
    const total = vOff[vOff.length - 1]! - vOff[0]!;
    this.reserve(total);
    this.buf.set(values.bytes.subarray(vOff[0]!, vOff[0]! + total), this.end);
    const offsets = this.offsets;
    const shift = this.end - vOff[0]!;
    for (let i = 0, k = 0; i < n; i++) {
      if (!levels || levels[i] !== 0) k++;
      offsets[row + i + 1] = vOff[k]! + shift;
    }
    this.end += total;
  }

  plain(data: Uint8Array, encoding: number, row: number, n: number, levels: Uint8Array | null, present: number): number {
    if (encoding === Encoding.DELTA_LENGTH_BYTE_ARRAY) { this.deltaLength(data, row, n, levels, present); return data.length; }
    if (encoding === Encoding.DELTA_BYTE_ARRAY) { this.appendRows(decodeDeltaByteArray(data, present), row, n, levels); return data.length; }
    if (encoding !== Encoding.PLAIN) throw new DecodeUnsupported(`encoding ${encoding} for strings`);
    // The rows' values take at most the rest of the page.
    this.reserve(Math.min(data.length, this.plainBytes(data, present)));
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
    return p;
  }

  /** Bytes of the next `count` PLAIN values' contents (their length prefixes not counted). */
  private plainBytes(data: Uint8Array, count: number): number {
    let p = 0; let total = 0;
    for (let k = 0; k < count && p + 4 <= data.length; k++) { const len = readU32(data, p); total += len; p += 4 + len; }
    return total;
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

  fromDictionary(reader: HybridReader, row: number, n: number, levels: Uint8Array | null, present: number): void {
    const dict = this.dict;
    if (!dict) throw new Error('a dictionary-encoded page comes before any dictionary page');
    const indices = indexScratch(present);
    reader.read(indices, 0, present);
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
  codes: Int32Array;
  dict: ByteArrays | undefined;

  constructor(rows: number) {
    this.codes = new Int32Array(rows);
  }

  reset(rows: number): void {
    this.codes = batchArray(Int32Array, rows);
  }

  pageSink(): ValueSink {
    throw new DecodeUnsupported('a dictionary string column with pages that are not dictionary-encoded');
  }

  copyRows(): void {
    throw new DecodeUnsupported('a dictionary string column with pages that are not dictionary-encoded');
  }

  dictionaryPage(data: Uint8Array, count: number): void {
    if (this.dict) throw new DecodeUnsupported('a second dictionary page in one column chunk');
    this.dict = plainByteArrays(data, count);
  }

  allNull(): void {}

  plain(): number {
    // A chunk that falls back to plain pages: parquet-wasm reads it (it keeps the dictionary type).
    throw new DecodeUnsupported('plain pages in a dictionary string column');
  }

  fromDictionary(reader: HybridReader, row: number, n: number, levels: Uint8Array | null, present: number): void {
    if (!this.dict) throw new Error('a dictionary-encoded page comes before any dictionary page');
    const size = this.dict.offsets.length - 1;
    const codes = this.codes;
    if (!levels) {
      // Straight into the codes, then one check pass.
      reader.read(codes, row, n);
      let max = 0;
      for (let i = row; i < row + n; i++) max = Math.max(max, codes[i]!);
      if (n > 0 && max >= size) throw new Error(`dictionary index ${max} out of range (${size} entries)`);
      return;
    }
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
