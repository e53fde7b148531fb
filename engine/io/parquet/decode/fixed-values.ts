// Values of fixed width (INT32, INT64, FLOAT, DOUBLE) and booleans, written straight into one
// typed array per row group column at their row positions. A null row keeps 0 (its validity bit
// says it is null). `levels` is the page's definition levels (1 = value present), or null when
// every row of the page has a value.

import { decodeHybrid } from './rle.ts';
import { DecodeUnsupported } from './unsupported.ts';
import { Encoding } from './page-header.ts';

export type FixedArray = Int32Array | BigInt64Array | Float32Array | Float64Array;
type FixedCtor = Int32ArrayConstructor | BigInt64ArrayConstructor | Float32ArrayConstructor | Float64ArrayConstructor;

/** What every value decoder offers the page loop (column-chunk.ts). */
export interface ValueSink {
  /** Decodes a dictionary page's PLAIN values. */
  dictionaryPage(data: Uint8Array, count: number): void;
  /** Decodes a data page's values in `encoding` (not a dictionary encoding) into rows [row, row + n). */
  plain(data: Uint8Array, encoding: number, row: number, n: number, levels: Int32Array | null, present: number): void;
  /** Rows [row, row + n) from dictionary indices (one per present value). */
  fromDictionary(indices: Int32Array, row: number, n: number, levels: Int32Array | null): void;
  /** Rows [row, row + n) are all null (their page may hold no values nor dictionary). */
  allNull(row: number, n: number): void;
}

/** Copies `count` little-endian values of `ctor`'s width from `data` (any alignment) into a new aligned array. */
function aligned(ctor: FixedCtor, data: Uint8Array, count: number): FixedArray {
  const out = new ctor(count);
  const bytes = count * out.BYTES_PER_ELEMENT;
  if (data.length < bytes) throw new Error(`a PLAIN page holds ${data.length} bytes, ${bytes} expected`);
  new Uint8Array(out.buffer).set(data.subarray(0, bytes));
  return out;
}

export class FixedSink implements ValueSink {
  readonly values: FixedArray;
  private dict: FixedArray | undefined;
  private readonly ctor: FixedCtor;

  constructor(ctor: FixedCtor, rows: number) {
    this.ctor = ctor;
    this.values = new ctor(rows);
  }

  dictionaryPage(data: Uint8Array, count: number): void {
    this.dict = aligned(this.ctor, data, count);
  }

  plain(data: Uint8Array, encoding: number, row: number, n: number, levels: Int32Array | null, present: number): void {
    if (encoding !== Encoding.PLAIN) throw new DecodeUnsupported(`encoding ${encoding} for ${this.ctor.name} values`);
    const out = this.values;
    const width = out.BYTES_PER_ELEMENT;
    if (!levels) {
      const bytes = n * width;
      if (data.length < bytes) throw new Error(`a PLAIN page holds ${data.length} bytes, ${bytes} expected`);
      new Uint8Array(out.buffer, out.byteOffset + row * width, bytes).set(data.subarray(0, bytes));
      return;
    }
    scatter(out, aligned(this.ctor, data, present), row, n, levels);
  }

  allNull(): void {}

  fromDictionary(indices: Int32Array, row: number, n: number, levels: Int32Array | null): void {
    const dict = this.dict;
    if (!dict) throw new Error('a dictionary-encoded page comes before any dictionary page');
    gather(this.values, dict, indices, row, n, levels);
  }
}

function scatter(out: FixedArray, dense: FixedArray, row: number, n: number, levels: Int32Array): void {
  const o = out as Float64Array;
  const d = dense as Float64Array;
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (levels[i] !== 0) o[row + i] = d[k++]!;
  }
}

function gather(out: FixedArray, dict: FixedArray, idx: Int32Array, row: number, n: number, levels: Int32Array | null): void {
  const o = out as Float64Array;
  const d = dict as Float64Array;
  const size = d.length;
  if (!levels) {
    for (let i = 0; i < n; i++) {
      const j = idx[i]!;
      if (j >= size) throw new Error(`dictionary index ${j} out of range (${size} entries)`);
      o[row + i] = d[j]!;
    }
    return;
  }
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (levels[i] !== 0) {
      const j = idx[k++]!;
      if (j >= size) throw new Error(`dictionary index ${j} out of range (${size} entries)`);
      o[row + i] = d[j]!;
    }
  }
}

/** Booleans as a packed bitmap (Arrow's Bool layout) over the row group's rows. */
export class BoolSink implements ValueSink {
  readonly bits: Uint8Array;
  private scratch = new Int32Array(0);

  constructor(rows: number) {
    this.bits = new Uint8Array((rows + 7) >>> 3);
  }

  dictionaryPage(): void {
    throw new DecodeUnsupported('dictionary-encoded booleans');
  }

  fromDictionary(): void {
    throw new DecodeUnsupported('dictionary-encoded booleans');
  }

  allNull(): void {}

  plain(data: Uint8Array, encoding: number, row: number, n: number, levels: Int32Array | null, present: number): void {
    const out = this.bits;
    if (encoding === Encoding.PLAIN) {
      // Bit-packed, least significant bit first, one bit per present value.
      if (data.length * 8 < present) throw new Error(`a PLAIN boolean page holds ${data.length} bytes for ${present} values`);
      let k = 0;
      for (let i = 0; i < n; i++) {
        if (levels && levels[i] === 0) continue;
        if ((data[k >>> 3]! >>> (k & 7)) & 1) { const r = row + i; out[r >>> 3]! |= 1 << (r & 7); }
        k++;
      }
      return;
    }
    if (encoding === Encoding.RLE) {
      // A 4-byte length, then the RLE / bit-packed hybrid at bit width 1.
      if (this.scratch.length < present) this.scratch = new Int32Array(present);
      const v = this.scratch;
      const len = data[0]! | (data[1]! << 8) | (data[2]! << 16) | (data[3]! << 24);
      decodeHybrid(data, 4, 4 + len, 1, v, present);
      let k = 0;
      for (let i = 0; i < n; i++) {
        if (levels && levels[i] === 0) continue;
        if (v[k++] !== 0) { const r = row + i; out[r >>> 3]! |= 1 << (r & 7); }
      }
      return;
    }
    throw new DecodeUnsupported(`encoding ${encoding} for booleans`);
  }
}
