// Reads the projected columns of one row group with our own decoder: only those column chunks'
// bytes are read from the file, and each batch is decoded when it is taken, every column into
// arrays of its own (column-chunk.ts): small, fresh in cache when the engine reads them, and
// garbage once it has. `unsupportedReason` decides from the footer alone whether this decoder
// can take the row group; surprises found in the page headers throw DecodeUnsupported before
// the first batch, and the caller then uses parquet-wasm.

import type { FileHandle } from 'node:fs/promises';
import { type Data, Dictionary, Int32, makeData, type RecordBatch, Utf8, Vector } from 'apache-arrow';
import type { Field } from '../../../types.ts';
export type { LateRows, LateSelection } from './late-batches.ts';
import { arrowType, makeBatch } from '../../../compute/arrow-build.ts';
import type { ColumnChunkInfo, LeafColumn, ParquetFooter } from '../footer.ts';
import { CODEC_NAMES, SUPPORTED_CODECS } from './codec.ts';
import { ColumnCursor, Physical } from './column-chunk.ts';
import { BoolSink, FixedSink, type FixedArray } from './fixed-values.ts';
import { Encoding } from './page-header.ts';
import { DictionaryStringSink } from './string-values.ts';
import { type LateRows, type LateSelection, lateBatches } from './late-batches.ts';
import type { ColumnDecoder } from './column-decoder.ts';

// BIT_PACKED is listed by parquet-mr for the (empty) levels of required columns: a page whose
// definition levels really use it is refused by the column cursor's page check.
const SUPPORTED_ENCODINGS: ReadonlySet<number> = new Set([Encoding.PLAIN, Encoding.PLAIN_DICTIONARY, Encoding.RLE, Encoding.RLE_DICTIONARY, Encoding.BIT_PACKED]);

/** Encodings supported for one physical type only, beyond SUPPORTED_ENCODINGS. */
const TYPE_ENCODINGS: ReadonlyMap<number, ReadonlySet<number>> = new Map<number, ReadonlySet<number>>([
  [Physical.INT32, new Set([Encoding.DELTA_BINARY_PACKED, Encoding.BYTE_STREAM_SPLIT])],
  [Physical.INT64, new Set([Encoding.DELTA_BINARY_PACKED, Encoding.BYTE_STREAM_SPLIT])],
  [Physical.FLOAT, new Set([Encoding.BYTE_STREAM_SPLIT])],
  [Physical.DOUBLE, new Set([Encoding.BYTE_STREAM_SPLIT])],
  [Physical.BYTE_ARRAY, new Set([Encoding.DELTA_LENGTH_BYTE_ARRAY, Encoding.DELTA_BYTE_ARRAY])],
  [Physical.FIXED, new Set([Encoding.DELTA_BYTE_ARRAY, Encoding.BYTE_STREAM_SPLIT])],
]);

const supported = (physical: number, encoding: number) => SUPPORTED_ENCODINGS.has(encoding) || TYPE_ENCODINGS.get(physical)?.has(encoding) === true;

/** Why our decoder cannot read these columns of row group `index` (undefined: it can). */
export function unsupportedReason(footer: ParquetFooter, index: number, fields: readonly Field[]): string | undefined {
  const rg = footer.rowGroups[index];
  if (!rg) return `no row group ${index}`;
  for (const f of fields) {
    const leaf = footer.leaves.get(f.name);
    const chunk = rg.chunks.get(f.name);
    if (!leaf || !chunk) return `column '${f.name}' is nested`;
    if (leaf.repetition > 1) return `column '${f.name}' is repeated`;
    if (leaf.physical === Physical.FIXED && !leaf.uuid && !leaf.float16 && leaf.decimalScale === undefined) return `column '${f.name}' is FIXED_LEN_BYTE_ARRAY of an unknown kind`;
    if (!SUPPORTED_CODECS.has(chunk.codec)) return `column '${f.name}' uses compression codec ${CODEC_NAMES[chunk.codec] ?? chunk.codec}`;
    const enc = chunk.encodings.find((e) => !supported(leaf.physical, e));
    // A chunk of nulls only has no values to decode, whatever encoding it names (DuckDB's v2 files
    // name DELTA_LENGTH_BYTE_ARRAY for all-null strings).
    const allNull = rg.stats.get(f.name)?.nullCount === rg.numRows;
    if (enc !== undefined && !allNull) return `column '${f.name}' uses encoding ${enc}`;
    if (chunk.numValues !== rg.numRows) return `column '${f.name}' has ${chunk.numValues} values for ${rg.numRows} rows`;
  }
  return undefined;
}

async function readRange(fh: FileHandle, start: number, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < out.length) {
    const { bytesRead } = await fh.read(out, done, out.length - done, start + done);
    if (bytesRead === 0) throw new Error(`the file ends inside a column chunk (offset ${start + done})`);
    done += bytesRead;
  }
  return out;
}

/** Unprojected bytes worth reading to save a separate read (and buffer) for the next chunk. */
const MERGE_GAP_BYTES = 256 * 1024;

/** The bytes of each chunk: neighbouring chunks (columns side by side in the file) share one read. */
async function readChunks(fh: FileHandle, chunks: readonly ColumnChunkInfo[]): Promise<Uint8Array[]> {
  const order = chunks.map((c, i) => i).sort((x, y) => chunks[x]!.start - chunks[y]!.start);
  const out: Uint8Array[] = new Array(chunks.length);
  let g = 0;
  while (g < order.length) {
    const first = chunks[order[g]!]!;
    let end = first.start + first.compressedBytes;
    let h = g + 1;
    while (h < order.length && chunks[order[h]!]!.start - end <= MERGE_GAP_BYTES && chunks[order[h]!]!.start >= end) {
      end = Math.max(end, chunks[order[h]!]!.start + chunks[order[h]!]!.compressedBytes);
      h++;
    }
    const bytes = await readRange(fh, first.start, end - first.start);
    for (let k = g; k < h; k++) {
      const c = chunks[order[k]!]!;
      out[order[k]!] = bytes.subarray(c.start - first.start, c.start - first.start + c.compressedBytes);
    }
    g = h;
  }
  return out;
}

const TWO_32 = 4_294_967_296;

/** INT32 / INT64 decimals as float64: the unscaled integer (rounded once to a double, as footer.ts
 *  converts their statistics) divided by 10^scale. */
function decimalValues(v: Int32Array | BigInt64Array, scale: number): Float64Array {
  const out = new Float64Array(v.length);
  const div = 10 ** scale;
  if (v instanceof Int32Array) {
    for (let i = 0; i < v.length; i++) out[i] = v[i]! / div;
    return out;
  }
  // Through 32-bit halves: no BigInt per value; hi * 2^32 is exact, the sum rounds once.
  const w = new Int32Array(v.buffer, v.byteOffset, v.length * 2);
  for (let i = 0; i < v.length; i++) out[i] = (w[2 * i + 1]! * TWO_32 + (w[2 * i]! >>> 0)) / div;
  return out;
}

/** uint64 values read into int64: one beyond int64's range would read as negative. */
function checkUnsigned64(v: BigInt64Array, leaf: LeafColumn, validity: Uint8Array | null, start: number): void {
  const hi = new Int32Array(v.buffer, v.byteOffset, v.length * 2);
  for (let i = 0; i < v.length; i++) {
    if (hi[2 * i + 1]! >= 0) continue;
    const r = start + i;
    if (validity && ((validity[r >>> 3]! >>> (r & 7)) & 1) === 0) continue;
    throw new Error(`column '${leaf.field.name}' holds the unsigned 64-bit value ${BigInt.asUintN(64, v[i]!)}, beyond the largest int64 (9223372036854775807), and Tributary reads UBIGINT columns as int64; write the column as DOUBLE or DECIMAL instead, or leave out the rows over that limit`);
  }
}

/** Fixed-width values in the engine's representation of the field's type. */
function logicalValues(v: FixedArray, leaf: LeafColumn): FixedArray {
  if (v instanceof Float32Array) return Float64Array.from(v);
  if (leaf.decimalScale !== undefined && (v instanceof Int32Array || v instanceof BigInt64Array)) return decimalValues(v, leaf.decimalScale);
  if (v instanceof Int32Array && leaf.field.type === 'int64') {
    const out = new BigInt64Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = BigInt(v[i]! >>> 0);
    return out;
  }
  const f = leaf.tsToMicros;
  if (v instanceof BigInt64Array && f !== undefined && f !== 1) {
    // Same truncating division as normalize.ts applies to parquet-wasm's nanosecond timestamps.
    const mul = f > 1 ? BigInt(f) : 1n;
    const div = f < 1 ? BigInt(Math.round(1 / f)) : 1n;
    for (let i = 0; i < v.length; i++) v[i] = (v[i]! * mul) / div;
  }
  return v;
}

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, b) => { let c = 0; for (let x = b; x; x >>= 1) c += x & 1; return c; });

/** Nulls among rows [start, end) of a bitmap (start a multiple of 8). */
function nullsIn(validity: Uint8Array, start: number, end: number): number {
  let valid = 0;
  const fullEnd = end & ~7;
  for (let b = start >>> 3; b < fullEnd >>> 3; b++) valid += POPCOUNT[validity[b]!]!;
  for (let r = Math.max(fullEnd, start); r < end; r++) valid += (validity[r >>> 3]! >>> (r & 7)) & 1;
  return end - start - valid;
}

/** Validity and null count of some rows of a column, as makeData takes them. */
interface Nulls { readonly nullCount: number; readonly nullBitmap: Uint8Array | null }

/** The validity bits of rows start + rows[i] as a bitmap of their own. */
function selectedNulls(validity: Uint8Array | null, start: number, rows: Int32Array): Nulls {
  if (!validity) return { nullCount: 0, nullBitmap: null };
  const out = new Uint8Array((rows.length + 7) >>> 3);
  let valid = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = start + rows[i]!;
    const bit = (validity[r >>> 3]! >>> (r & 7)) & 1;
    out[i >>> 3]! |= bit << (i & 7);
    valid += bit;
  }
  const nullCount = rows.length - valid;
  return nullCount === 0 ? { nullCount: 0, nullBitmap: null } : { nullCount, nullBitmap: out };
}

function decoderOf(cursor: ColumnCursor, leaf: LeafColumn): ColumnDecoder {
  const { validity } = cursor;
  const bitmap = (start: number, end: number): Nulls => {
    if (!validity) return { nullCount: 0, nullBitmap: null };
    const nullCount = nullsIn(validity, start, end);
    return nullCount === 0 ? { nullCount: 0, nullBitmap: null } : { nullCount, nullBitmap: validity.subarray(start >>> 3, (end + 7) >>> 3) };
  };
  const build = dataBuilder(cursor, leaf);
  return {
    cursor,
    full: (s, e) => { cursor.next(e - s); return build(e - s, bitmap(s, e)); },
    selected: (s, e, rows) => { cursor.nextSelected(e - s, rows); return build(rows.length, selectedNulls(validity, s, rows)); },
    skip: (s, e) => cursor.skip(e - s),
  };
}

/** Arrow Data of `length` rows from the values the cursor's sink holds now. */
function dataBuilder(cursor: ColumnCursor, leaf: LeafColumn): (length: number, nulls: Nulls) => Data {
  const { sink } = cursor;
  const type = arrowType(leaf.field.type, leaf.field.vectorSize);
  if (sink instanceof FixedSink && leaf.unsigned && leaf.physical === Physical.INT64) {
    return (length, nulls) => {
      checkUnsigned64(sink.values as BigInt64Array, leaf, nulls.nullBitmap, 0);
      return makeData({ type, length, ...nulls, data: sink.values } as never);
    };
  }
  if (sink instanceof FixedSink) {
    return (length, nulls) => makeData({ type, length, ...nulls, data: logicalValues(sink.values, leaf) } as never);
  }
  if (sink instanceof BoolSink) {
    return (length, nulls) => makeData({ type, length, ...nulls, data: sink.bits } as never);
  }
  if (sink instanceof DictionaryStringSink) {
    // One dictionary vector for every batch of the chunk (made once its dictionary page is read):
    // consumers recognise a dictionary they have seen by identity.
    let dictionary: Vector | undefined;
    const dictType = new Dictionary(new Utf8(), new Int32());
    return (length, nulls) => {
      if (!dictionary) {
        const dict = sink.dict ?? { offsets: new Int32Array(1), bytes: new Uint8Array(0) };
        dictionary = new Vector([makeData({ type: new Utf8(), length: dict.offsets.length - 1, nullCount: 0, valueOffsets: dict.offsets, data: dict.bytes })]);
      }
      return makeData({ type: dictType, length, ...nulls, data: sink.codes, dictionary } as never);
    };
  }
  return (length, nulls) => makeData({ type: new Utf8(), length, ...nulls, valueOffsets: sink.offsets, data: sink.bytes });
}

/** The first batch of a reader that wants the first rows (a preview that stops once it has
 *  them); each next one twice the last, up to the usual size. */
export const FIRST_ROWS_BATCH = 4096;

/** [start, end) of each batch of a row group of `rows` rows: `batchRows` each, or from
 *  FIRST_ROWS_BATCH doubling up to it (every start a multiple of 8: batches share the bitmaps). */
export function* batchRanges(rows: number, batchRows: number, firstRows: boolean): Generator<readonly [number, number]> {
  let size = firstRows ? Math.min(batchRows, FIRST_ROWS_BATCH) : batchRows;
  for (let s = 0; s < rows; s += size, size = Math.min(batchRows, size * 2)) yield [s, Math.min(rows, s + size)];
}

/**
 * The batches (at most `batchRows` rows, exactly `fields`) of row group `index`, decoded one by
 * one as they are taken. Call `unsupportedReason` first; throws DecodeUnsupported (before any
 * batch) on a surprise inside a chunk. Each batch comes with the rows kept of it: all (sel null)
 * without `late`; with it, the rows it selects (late-batches.ts). `firstRows`: the reader wants
 * the first rows soon (batchRanges), Snappy pages are decompressed only as far as they are read.
 */
export async function openRowGroup(
  fh: FileHandle, footer: ParquetFooter, index: number, fields: readonly Field[], batchRows: number, late?: LateSelection, firstRows = false,
): Promise<Iterable<LateRows>> {
  if (batchRows % 8 !== 0) throw new Error('batchRows must be a multiple of 8 (batches share the validity bitmaps)');
  const rg = footer.rowGroups[index]!;
  const rows = rg.numRows;
  const chunks = fields.map((f) => rg.chunks.get(f.name)!);
  const chunkBytes = await readChunks(fh, chunks);
  const decoders = fields.map((f, i) => {
    const leaf = footer.leaves.get(f.name)!;
    const cursor = new ColumnCursor(chunkBytes[i]!, chunks[i]!, leaf, rows, leaf.physical === Physical.BYTE_ARRAY && footer.dictionaryStrings.has(f.name), firstRows);
    return decoderOf(cursor, leaf);
  });
  const names = fields.map((f) => f.name);
  const nullable = fields.map((f) => f.nullable);
  if (!late) {
    return (function* batches(): Generator<LateRows> {
      for (const [s, e] of batchRanges(rows, batchRows, firstRows)) {
        yield { batch: makeBatch(names, decoders.map((d) => d.full(s, e)), e - s, nullable), sel: null };
      }
    })();
  }
  return lateBatches(decoders, names, nullable, batchRanges(rows, batchRows, firstRows), late);
}
