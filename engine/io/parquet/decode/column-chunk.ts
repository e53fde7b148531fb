// Decodes one flat column chunk (all its pages) into typed arrays over the row group's rows:
// page headers, decompression, definition levels (max level 0 or 1), then the values through a
// sink per physical type. Anything outside that throws DecodeUnsupported.

import type { ColumnChunkInfo, LeafColumn } from '../footer.ts';
import { decompress } from './codec.ts';
import { BoolSink, FixedSink, type ValueSink } from './fixed-values.ts';
import { Encoding, PageType, type PageHeader, readPageHeader } from './page-header.ts';
import { decodeDefinitionLevels, setRange } from './rle.ts';
import { DictionaryStringSink, StringSink } from './string-values.ts';
import { DecodeUnsupported } from './unsupported.ts';

/** Parquet physical types (parquet.thrift `Type`). */
export const Physical = { BOOLEAN: 0, INT32: 1, INT64: 2, INT96: 3, FLOAT: 4, DOUBLE: 5, BYTE_ARRAY: 6, FIXED: 7 } as const;

export interface DecodedChunk {
  readonly rows: number;
  /** Validity bitmap over the rows (bit set = value present), or null when no row is null. */
  readonly validity: Uint8Array | null;
  readonly sink: FixedSink | BoolSink | StringSink | DictionaryStringSink;
}

function sinkFor(leaf: LeafColumn, rows: number, chunk: ColumnChunkInfo, dictionaryStrings: boolean): DecodedChunk['sink'] {
  switch (leaf.physical) {
    case Physical.BOOLEAN: return new BoolSink(rows);
    case Physical.INT32: return new FixedSink(Int32Array, rows);
    case Physical.INT64: return new FixedSink(BigInt64Array, rows);
    case Physical.FLOAT: return new FixedSink(Float32Array, rows);
    case Physical.DOUBLE: return new FixedSink(Float64Array, rows);
    case Physical.BYTE_ARRAY:
      return dictionaryStrings ? new DictionaryStringSink(rows) : new StringSink(rows, chunk.uncompressedBytes);
    default: throw new DecodeUnsupported(`Parquet physical type ${leaf.physical}`);
  }
}

// Definition levels of one page, per thread, grown as needed.
let levelScratch = new Uint8Array(0);

function levelsOf(n: number): Uint8Array {
  if (levelScratch.length < n) levelScratch = new Uint8Array(n);
  return levelScratch;
}

/**
 * Decodes the chunk whose pages are `bytes` (read from the file at the chunk's start) into
 * `rows` rows. `dictionaryStrings`: a string column decodes to dictionary codes.
 */
export function decodeColumnChunk(
  bytes: Uint8Array, chunk: ColumnChunkInfo, leaf: LeafColumn, rows: number, dictionaryStrings: boolean,
): DecodedChunk {
  if (leaf.repetition > 1) throw new DecodeUnsupported('repeated column');
  const maxDef = leaf.repetition === 1 ? 1 : 0;
  const sink = sinkFor(leaf, rows, chunk, dictionaryStrings);
  const validity = maxDef > 0 ? new Uint8Array((rows + 7) >>> 3) : null;
  let nulls = 0;
  let row = 0;
  let pos = 0;
  while (row < rows) {
    if (pos >= bytes.length) throw new Error(`column chunk ends after ${row} of ${rows} rows`);
    const h = readPageHeader(bytes, pos);
    const body = bytes.subarray(h.bodyStart, h.bodyStart + h.compressedBytes);
    if (body.length !== h.compressedBytes) throw new Error('column chunk ends inside a page');
    pos = h.bodyStart + h.compressedBytes;
    if (h.type === PageType.DICTIONARY) {
      if (h.encoding !== Encoding.PLAIN && h.encoding !== Encoding.PLAIN_DICTIONARY) throw new DecodeUnsupported(`dictionary page encoding ${h.encoding}`);
      sink.dictionaryPage(decompress(chunk.codec, body, h.uncompressedBytes), h.numValues);
      continue;
    }
    if (h.type !== PageType.DATA && h.type !== PageType.DATA_V2) continue; // index pages
    const n = h.numValues;
    if (row + n > rows) throw new Error(`pages hold more than the row group's ${rows} rows`);
    let levels: Uint8Array | null = null;
    let present = n;
    let values: Uint8Array;
    if (h.type === PageType.DATA) {
      const page = decompress(chunk.codec, body, h.uncompressedBytes);
      let start = 0;
      if (maxDef > 0) {
        if (h.defLevelEncoding !== Encoding.RLE) throw new DecodeUnsupported(`definition level encoding ${h.defLevelEncoding}`);
        const len = (page[0]! | (page[1]! << 8) | (page[2]! << 16) | (page[3]! << 24)) >>> 0;
        levels = levelsOf(n);
        present = decodeDefinitionLevels(page, 4, 4 + len, n, levels, validity!, row);
        start = 4 + len;
      }
      values = page.subarray(start);
    } else {
      if (h.repLevelBytes !== 0) throw new DecodeUnsupported('repetition levels');
      const levelBytes = h.defLevelBytes;
      if (maxDef > 0) {
        levels = levelsOf(n);
        present = decodeDefinitionLevels(body, 0, levelBytes, n, levels, validity!, row);
      }
      const rest = body.subarray(levelBytes);
      values = h.valuesCompressed ? decompress(chunk.codec, rest, h.uncompressedBytes - levelBytes) : rest;
    }
    if (levels) {
      if (present === n) levels = null;
      nulls += n - present;
    } else if (validity) {
      setRange(validity, row, row + n);
    }
    if (present === 0) sink.allNull(row, n);
    else if (h.encoding === Encoding.PLAIN_DICTIONARY || h.encoding === Encoding.RLE_DICTIONARY) {
      sink.fromDictionary(values, row, n, levels, present);
    } else {
      sink.plain(values, h.encoding, row, n, levels, present);
    }
    row += n;
  }
  return { rows, validity: nulls > 0 ? validity : null, sink };
}
