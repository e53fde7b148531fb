// Decodes one flat column chunk batch by batch: a cursor over its pages (headers, decompression,
// definition levels with max level 0 or 1) hands each batch the rows it covers, through a sink
// per physical type reset to the batch's size. A batch's arrays are fresh and small (64k rows),
// written just before the engine reads them; a page's dictionary indices and PLAIN values are
// read on from where the last batch stopped. Anything this decoder cannot take is found by
// `checkPages` before the first batch (DecodeUnsupported), so a row group goes whole to
// parquet-wasm or not at all.

import type { ColumnChunkInfo, LeafColumn } from '../footer.ts';
import { decompress } from './codec.ts';
import { ConvertedFixedSink, fixedDecimalToDouble, float16ToDouble, int96ToMicros, UuidSink } from './converted-values.ts';
import { BoolSink, countLevels, FixedSink, type ValueSink } from './fixed-values.ts';
import { Encoding, PageType, type PageHeader, readPageHeader } from './page-header.ts';
import { countValid, decodeDefinitionLevels, HybridReader, unpackBitsTo } from './rle.ts';
import { DictionaryStringSink, StringSink } from './string-values.ts';
import { DecodeUnsupported } from './unsupported.ts';
import { Codec } from './codec.ts';
import { lazyLevelsAndValues, type SnappyStream } from './snappy-stream.ts';

/** Parquet physical types (parquet.thrift `Type`). */
export const Physical = { BOOLEAN: 0, INT32: 1, INT64: 2, INT96: 3, FLOAT: 4, DOUBLE: 5, BYTE_ARRAY: 6, FIXED: 7 } as const;

export type ColumnSink = FixedSink | BoolSink | StringSink | DictionaryStringSink;

const INT96_ENCODINGS: ReadonlySet<number> = new Set([Encoding.PLAIN]);
const FIXED_ENCODINGS: ReadonlySet<number> = new Set([Encoding.PLAIN, Encoding.BYTE_STREAM_SPLIT, Encoding.DELTA_BYTE_ARRAY]);

function sinkFor(leaf: LeafColumn, rows: number, chunk: ColumnChunkInfo, dictionaryStrings: boolean): ColumnSink {
  switch (leaf.physical) {
    case Physical.BOOLEAN: return new BoolSink(0);
    case Physical.INT32: return new FixedSink(Int32Array, 0);
    case Physical.INT64: return new FixedSink(BigInt64Array, 0);
    case Physical.FLOAT: return new FixedSink(Float32Array, 0);
    case Physical.DOUBLE: return new FixedSink(Float64Array, 0);
    case Physical.BYTE_ARRAY:
      return dictionaryStrings ? new DictionaryStringSink(0) : new StringSink(0, 0, chunk.uncompressedBytes / Math.max(1, rows));
    case Physical.INT96: return new ConvertedFixedSink(BigInt64Array, 0, 12, int96ToMicros, INT96_ENCODINGS);
    case Physical.FIXED:
      if (leaf.uuid) return new UuidSink(0);
      if (leaf.float16) return new ConvertedFixedSink(Float64Array, 0, 2, float16ToDouble, FIXED_ENCODINGS);
      if (leaf.decimalScale !== undefined && leaf.typeLength) {
        return new ConvertedFixedSink(Float64Array, 0, leaf.typeLength, fixedDecimalToDouble(leaf.typeLength, leaf.decimalScale), FIXED_ENCODINGS);
      }
      throw new DecodeUnsupported('FIXED_LEN_BYTE_ARRAY that is not a decimal, UUID or FLOAT16');
    default: throw new DecodeUnsupported(`Parquet physical type ${leaf.physical}`);
  }
}

// One batch's definition levels as bytes, per thread: unpacked from the validity bits for each
// stretch of a page the cursor hands a sink, read by the sink before the call returns.
let levelScratch = new Uint8Array(0);

function levelsOf(validity: Uint8Array, start: number, n: number): Uint8Array {
  if (levelScratch.length < n) levelScratch = new Uint8Array(Math.max(n, 65_536));
  return unpackBitsTo(validity, start, n, levelScratch);
}

const isDictionaryEncoding = (e: number) => e === Encoding.PLAIN_DICTIONARY || e === Encoding.RLE_DICTIONARY;

/** Value encodings (besides the dictionary ones) a sink takes. */
function takesEncoding(sink: ColumnSink, encoding: number): boolean {
  if (sink instanceof DictionaryStringSink) return false;
  if (sink instanceof ConvertedFixedSink || sink instanceof UuidSink) return sink.takes(encoding);
  if (sink instanceof BoolSink) return encoding === Encoding.PLAIN || encoding === Encoding.RLE;
  if (sink instanceof StringSink) return encoding === Encoding.PLAIN || encoding === Encoding.DELTA_LENGTH_BYTE_ARRAY || encoding === Encoding.DELTA_BYTE_ARRAY;
  const v = sink.values;
  if (encoding === Encoding.PLAIN) return true;
  if (encoding === Encoding.DELTA_BINARY_PACKED) return v instanceof Int32Array || v instanceof BigInt64Array;
  return encoding === Encoding.BYTE_STREAM_SPLIT;
}

/** A data page's rows as the cursor reads them. */
interface Page {
  readonly n: number;
  /** Row (in the row group) of the page's first row, and whether some of its rows are null
   *  (their levels are then read from the validity bits). */
  readonly row: number;
  readonly hasNulls: boolean;
  /** 'null': no values; 'dict': indices read on from `reader`; 'plain': PLAIN values read on
   *  from byte `pos`; 'whole': decoded at once into `whole`, copied out batch by batch. */
  readonly mode: 'null' | 'dict' | 'plain' | 'whole';
  readonly values: Uint8Array;
  readonly reader: HybridReader | null;
  readonly whole: ValueSink | null;
  /** A Snappy page decompressed as far as it is read (lazy cursors), `values` from `valuesAt` of it. */
  readonly stream: SnappyStream | null;
  readonly valuesAt: number;
  /** Rows of the page handed out so far, and the bytes of `values` read so far ('plain'). */
  at: number;
  pos: number;
}

export class ColumnCursor {
  readonly rows: number;
  readonly sink: ColumnSink;
  /** Validity bitmap over the row group's rows (bit set = value present), written page by page
   *  as pages start; null for a required column. */
  readonly validity: Uint8Array | null;
  /** The chunk's pages as read from the file; let go once its last page is read (a decompressed
   *  page does not need them), so a row group's compressed bytes do not outlive its first batch. */
  private bytes: Uint8Array;
  private readonly chunk: ColumnChunkInfo;
  private readonly maxDef: number;
  /** Offset of the next page header in `bytes`, and the rows of the pages started so far. */
  private pos = 0;
  private started = 0;
  private page: Page | null = null;
  /** Decompress Snappy pages only as far as they are read (a preview's first rows). */
  private readonly lazy: boolean;

  /**
   * A cursor over the chunk whose pages are `bytes` (read from the file at the chunk's start),
   * `rows` rows. `dictionaryStrings`: a string column decodes to dictionary codes. `lazy`: Snappy
   * pages of dictionary indices or fixed-width PLAIN values are decompressed only as far as they
   * are read. Throws DecodeUnsupported when some page needs what this decoder does not have.
   */
  constructor(bytes: Uint8Array, chunk: ColumnChunkInfo, leaf: LeafColumn, rows: number, dictionaryStrings: boolean, lazy = false) {
    if (leaf.repetition > 1) throw new DecodeUnsupported('repeated column');
    this.lazy = lazy;
    this.bytes = bytes;
    this.chunk = chunk;
    this.rows = rows;
    this.maxDef = leaf.repetition === 1 ? 1 : 0;
    this.sink = sinkFor(leaf, rows, chunk, dictionaryStrings);
    this.validity = this.maxDef > 0 ? new Uint8Array((rows + 7) >>> 3) : null;
    this.checkPages();
  }

  /** Decodes the next `n` rows into the sink (reset to `n` rows). */
  next(n: number): void {
    this.sink.reset(n);
    this.fill(0, n);
  }

  /** Whether `skip` and `nextSelected` can step over rows without decoding them: the sinks whose
   *  PLAIN values have a width this cursor knows (converted and UUID sinks decode everything). */
  get canSkip(): boolean {
    const c = this.sink.constructor;
    return c === FixedSink || c === StringSink || c === DictionaryStringSink || c === BoolSink;
  }

  /**
   * Of the next `n` rows, decodes only `rows` (ascending, each below n) into the sink (reset to
   * rows.length rows) and steps over the others: runs of neighbouring rows are decoded together,
   * the gaps skipped without writing a value. Only when `canSkip`.
   */
  nextSelected(n: number, rows: Int32Array): void {
    this.sink.reset(rows.length);
    let cur = 0;
    for (let j = 0; j < rows.length;) {
      const r = rows[j]!;
      let len = 1;
      while (j + len < rows.length && rows[j + len] === r + len) len++;
      if (r > cur) this.skip(r - cur);
      this.fill(j, len);
      cur = r + len;
      j += len;
    }
    if (n > cur) this.skip(n - cur);
  }

  /** Steps over the next `n` rows without decoding their values: dictionary indices and PLAIN
   *  values are passed over, the pages are still decompressed (their levels are the validity). */
  skip(n: number): void {
    let done = 0;
    while (done < n) {
      let p = this.page;
      if (!p || p.at === p.n) p = this.page = this.nextPage();
      const k = Math.min(n - done, p.n - p.at);
      if (p.mode === 'dict' || p.mode === 'plain') {
        const present = p.hasNulls ? countValid(this.validity!, p.row + p.at, p.row + p.at + k) : k;
        if (p.mode === 'dict') p.reader!.skip(present);
        else p.pos += this.plainBytes(p.values, p.pos, present);
      }
      p.at += k;
      done += k;
    }
  }

  /** Bytes of `present` PLAIN values from `pos` (fixed width, or length-prefixed strings). */
  private plainBytes(values: Uint8Array, pos: number, present: number): number {
    const sink = this.sink;
    if (sink instanceof FixedSink) return present * sink.values.BYTES_PER_ELEMENT;
    let p = pos;
    for (let i = 0; i < present; i++) {
      if (p + 4 > values.length) throw new Error('a PLAIN BYTE_ARRAY page ends inside a value');
      p += 4 + ((values[p]! | (values[p + 1]! << 8) | (values[p + 2]! << 16) | (values[p + 3]! << 24)) >>> 0);
    }
    if (p > values.length) throw new Error('a PLAIN BYTE_ARRAY page ends inside a value');
    return p - pos;
  }

  /** Decodes the next `n` rows into the sink's rows [at, at + n). */
  private fill(at: number, n: number): void {
    const sink = this.sink;
    let done = 0;
    while (done < n) {
      let p = this.page;
      if (!p || p.at === p.n) p = this.page = this.nextPage();
      const k = Math.min(n - done, p.n - p.at);
      const lv = p.hasNulls && (p.mode === 'dict' || p.mode === 'plain') ? levelsOf(this.validity!, p.row + p.at, k) : null;
      // Values among the rows: fixed-width dictionary gathers count them slice by slice themselves.
      const present = !lv || p.mode === 'null' || p.mode === 'whole' || (p.mode === 'dict' && sink instanceof FixedSink) ? k : countLevels(lv, 0, k);
      const to = at + done;
      // Fixed-width PLAIN values: exactly their bytes (dictionary indices ask through their reader).
      if (p.stream && p.mode === 'plain') p.stream.ensure(p.valuesAt + p.pos + present * (sink as FixedSink).values.BYTES_PER_ELEMENT);
      switch (p.mode) {
        case 'null': sink.allNull(to, k); break;
        case 'dict': sink.fromDictionary(p.reader!, to, k, lv, present); break;
        case 'plain': p.pos += sink.plain(p.values.subarray(p.pos), Encoding.PLAIN, to, k, lv, present); break;
        case 'whole': sink.copyRows(p.whole!, p.at, to, k); break;
      }
      p.at += k;
      done += k;
    }
  }

  private nextPage(): Page {
    const bytes = this.bytes;
    const maxDef = this.maxDef;
    for (;;) {
      if (this.pos >= bytes.length) throw new Error(`column chunk ends after ${this.started} of ${this.rows} rows`);
      const h = readPageHeader(bytes, this.pos);
      const body = bytes.subarray(h.bodyStart, h.bodyStart + h.compressedBytes);
      if (body.length !== h.compressedBytes) throw new Error('column chunk ends inside a page');
      this.pos = h.bodyStart + h.compressedBytes;
      if (h.type === PageType.DICTIONARY) {
        this.sink.dictionaryPage(decompress(this.chunk.codec, body, h.uncompressedBytes), h.numValues);
        continue;
      }
      if (h.type !== PageType.DATA && h.type !== PageType.DATA_V2) continue; // index pages
      const n = h.numValues;
      const row = this.started;
      if (row + n > this.rows) throw new Error(`pages hold more than the row group's ${this.rows} rows`);
      const lazy = this.lazy && this.chunk.codec === Codec.SNAPPY && h.uncompressedBytes > 0
        && (isDictionaryEncoding(h.encoding) || (h.encoding === Encoding.PLAIN && this.sink.constructor === FixedSink))
        ? lazyLevelsAndValues(h, body, this.validity, row) : undefined;
      const { values, present } = lazy ?? this.levelsAndValues(h, body, row);
      const stream = lazy?.stream ?? null;
      this.started += n;
      if (this.started === this.rows) this.bytes = new Uint8Array(0);
      const hasNulls = present < n;
      const base = { n, row, hasNulls, values, at: 0, pos: 0, stream, valuesAt: lazy?.valuesAt ?? 0 };
      if (present === 0) return { ...base, mode: 'null', reader: null, whole: null };
      if (isDictionaryEncoding(h.encoding)) {
        const need = stream ? (end: number) => stream.ensure(base.valuesAt + end) : undefined;
        return { ...base, mode: 'dict', reader: new HybridReader(values, 1, values.length, values[0]!, need), whole: null };
      }
      const sink = this.sink;
      if (h.encoding === Encoding.PLAIN && (sink instanceof FixedSink || sink instanceof StringSink)) {
        return { ...base, mode: 'plain', reader: null, whole: null };
      }
      const whole = sink.pageSink(n);
      whole.plain(values, h.encoding, 0, n, hasNulls ? unpackBitsTo(this.validity!, row, n, new Uint8Array(n)) : null, present);
      return { ...base, mode: 'whole', reader: null, whole };
    }
  }

  /** Decompresses a data page and decodes its definition levels into the validity bits of rows
   *  [row, row + n): the values' bytes and how many values are present. */
  private levelsAndValues(h: PageHeader, body: Uint8Array, row: number): { values: Uint8Array; present: number } {
    const n = h.numValues;
    if (h.type === PageType.DATA) {
      const page = decompress(this.chunk.codec, body, h.uncompressedBytes);
      if (this.maxDef === 0) return { values: page, present: n };
      const len = (page[0]! | (page[1]! << 8) | (page[2]! << 16) | (page[3]! << 24)) >>> 0;
      const present = decodeDefinitionLevels(page, 4, 4 + len, n, null, this.validity!, row);
      return { values: page.subarray(4 + len), present };
    }
    const levelBytes = h.defLevelBytes;
    const rest = body.subarray(levelBytes);
    const values = h.valuesCompressed ? decompress(this.chunk.codec, rest, h.uncompressedBytes - levelBytes) : rest;
    if (this.maxDef === 0) return { values, present: n };
    return { values, present: decodeDefinitionLevels(body, 0, levelBytes, n, null, this.validity!, row) };
  }

  /** Every page header, before any batch: what this decoder cannot read throws DecodeUnsupported
   *  now. A page whose values it cannot read is fine when all its rows are null (DuckDB's v2
   *  files name DELTA_LENGTH_BYTE_ARRAY for strings that are all null). */
  private checkPages(): void {
    const bytes = this.bytes;
    const sink = this.sink;
    let pos = 0;
    let dictionaries = 0;
    while (pos < bytes.length) {
      const h = readPageHeader(bytes, pos);
      pos = h.bodyStart + h.compressedBytes;
      if (h.type === PageType.DICTIONARY) {
        if (h.encoding !== Encoding.PLAIN && h.encoding !== Encoding.PLAIN_DICTIONARY) throw new DecodeUnsupported(`dictionary page encoding ${h.encoding}`);
        if (sink instanceof BoolSink) throw new DecodeUnsupported('dictionary-encoded booleans');
        if (++dictionaries > 1 && sink instanceof DictionaryStringSink) throw new DecodeUnsupported('a second dictionary page in one column chunk');
        continue;
      }
      if (h.type !== PageType.DATA && h.type !== PageType.DATA_V2) continue;
      if (h.type === PageType.DATA && this.maxDef > 0 && h.defLevelEncoding !== Encoding.RLE) throw new DecodeUnsupported(`definition level encoding ${h.defLevelEncoding}`);
      if (h.type === PageType.DATA_V2 && h.repLevelBytes !== 0) throw new DecodeUnsupported('repetition levels');
      const readable = isDictionaryEncoding(h.encoding) ? !(sink instanceof BoolSink) : takesEncoding(sink, h.encoding);
      if (!readable && this.presentIn(h, bytes.subarray(h.bodyStart, pos)) > 0) {
        throw sink instanceof DictionaryStringSink && h.encoding === Encoding.PLAIN
          ? new DecodeUnsupported('plain pages in a dictionary string column')
          : new DecodeUnsupported(`encoding ${h.encoding} for ${sink.constructor.name}`);
      }
    }
  }

  /** Values present in a data page (its definition levels decoded into a scratch bitmap). */
  private presentIn(h: PageHeader, body: Uint8Array): number {
    if (this.maxDef === 0) return h.numValues;
    const n = h.numValues;
    const bits = new Uint8Array((n + 7) >>> 3);
    if (h.type === PageType.DATA) {
      const page = decompress(this.chunk.codec, body, h.uncompressedBytes);
      const len = (page[0]! | (page[1]! << 8) | (page[2]! << 16) | (page[3]! << 24)) >>> 0;
      return decodeDefinitionLevels(page, 4, 4 + len, n, null, bits, 0);
    }
    return decodeDefinitionLevels(body, 0, h.defLevelBytes, n, null, bits, 0);
  }
}
