// Parquet page headers (parquet.thrift PageHeader and the headers of its page kinds), read with
// the Thrift compact reader. Only the fields the decoder uses are kept.

import { CompactReader, type ThriftStruct } from '../thrift-compact.ts';

export const PageType = { DATA: 0, INDEX: 1, DICTIONARY: 2, DATA_V2: 3 } as const;

export const Encoding = {
  PLAIN: 0, PLAIN_DICTIONARY: 2, RLE: 3, BIT_PACKED: 4, DELTA_BINARY_PACKED: 5, DELTA_LENGTH_BYTE_ARRAY: 6,
  DELTA_BYTE_ARRAY: 7, RLE_DICTIONARY: 8, BYTE_STREAM_SPLIT: 9,
} as const;

export interface PageHeader {
  readonly type: number;
  readonly uncompressedBytes: number;
  readonly compressedBytes: number;
  /** Values in the page, nulls included (data pages) or dictionary entries (dictionary pages). */
  readonly numValues: number;
  /** Encoding of the values (data and dictionary pages). */
  readonly encoding: number;
  /** Data page v1: encoding of the definition levels (RLE, or the deprecated BIT_PACKED). */
  readonly defLevelEncoding: number;
  /** Data page v2: byte lengths of the uncompressed levels before the values, and whether the values are compressed. */
  readonly defLevelBytes: number;
  readonly repLevelBytes: number;
  readonly valuesCompressed: boolean;
  /** Offset of the page body (right after the header) in the bytes the header was read from. */
  readonly bodyStart: number;
}

const n = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** Reads the page header starting at `pos` in `bytes`. */
export function readPageHeader(bytes: Uint8Array, pos: number): PageHeader {
  const reader = new CompactReader(bytes, pos);
  const h = reader.struct();
  const type = n(h[1]);
  const v1 = h[5] as ThriftStruct | undefined;
  const dict = h[7] as ThriftStruct | undefined;
  const v2 = h[8] as ThriftStruct | undefined;
  const common = { type, uncompressedBytes: n(h[2]), compressedBytes: n(h[3]), bodyStart: reader.position };
  if (type === PageType.DATA && v1) {
    return { ...common, numValues: n(v1[1]), encoding: n(v1[2]), defLevelEncoding: n(v1[3]), defLevelBytes: 0, repLevelBytes: 0, valuesCompressed: true };
  }
  if (type === PageType.DATA_V2 && v2) {
    return {
      ...common, numValues: n(v2[1]), encoding: n(v2[4]), defLevelEncoding: Encoding.RLE,
      defLevelBytes: n(v2[5]), repLevelBytes: n(v2[6]), valuesCompressed: v2[7] !== false,
    };
  }
  if (type === PageType.DICTIONARY && dict) {
    return { ...common, numValues: n(dict[1]), encoding: n(dict[2]), defLevelEncoding: 0, defLevelBytes: 0, repLevelBytes: 0, valuesCompressed: true };
  }
  return { ...common, numValues: 0, encoding: 0, defLevelEncoding: 0, defLevelBytes: 0, repLevelBytes: 0, valuesCompressed: true };
}
