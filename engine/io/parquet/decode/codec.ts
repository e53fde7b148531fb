// Page decompression. Snappy uses hysnappy (WebAssembly: runs the same in worker threads and in
// Electron; measured 4x faster than the pure-JS snappyjs on the benchmark file's pages). GZIP,
// BROTLI and ZSTD use Node's zlib (zstd only where this Node has it: 22.15+ and 23.8+; elsewhere
// a ZSTD row group still goes to parquet-wasm); LZ4_RAW and the deprecated LZ4 in Hadoop's
// framing (Spark's "lz4") our own block decoder (lz4-raw.ts). Not read here (parquet-wasm takes
// them): LZO, and LZ4 pages in the LZ4 frame format.

import * as zlib from 'node:zlib';
import { snappyUncompressor } from 'hysnappy';
import { lz4HadoopDecompress, lz4RawDecompress } from './lz4-raw.ts';
import { DecodeUnsupported } from './unsupported.ts';

/** parquet.thrift CompressionCodec. */
export const Codec = { UNCOMPRESSED: 0, SNAPPY: 1, GZIP: 2, LZO: 3, BROTLI: 4, LZ4: 5, ZSTD: 6, LZ4_RAW: 7 } as const;

export const CODEC_NAMES: readonly string[] = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'LZO', 'BROTLI', 'LZ4', 'ZSTD', 'LZ4_RAW'];

const raise = (e: Error): never => { throw e; };

type Decompressor = (body: Uint8Array, uncompressedBytes: number) => Uint8Array;

// One wasm instance per thread, made on first use.
let snappy: ((input: Uint8Array, outputLength: number) => Uint8Array) | undefined;

/** zlib's output as a Uint8Array over its own memory (not the body's). */
const asBytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

// `zstdDecompressSync` is absent from the Node type definitions of older releases: looked up by name.
const zstd = (zlib as unknown as { zstdDecompressSync?: (b: Uint8Array, o?: zlib.ZlibOptions) => Buffer }).zstdDecompressSync;

const DECOMPRESSORS = new Map<number, Decompressor>([
  [Codec.SNAPPY, (body, n) => { snappy ??= snappyUncompressor(); return snappy(body, n); }],
  // Some writers end GZIP pages with several members; gunzip reads them all.
  [Codec.GZIP, (body, n) => asBytes(zlib.gunzipSync(body, { maxOutputLength: Math.max(n, 1) }))],
  [Codec.BROTLI, (body, n) => asBytes(zlib.brotliDecompressSync(body, { maxOutputLength: Math.max(n, 1) }))],
  [Codec.LZ4_RAW, lz4RawDecompress],
  [Codec.LZ4, (body, n) => lz4HadoopDecompress(body, n) ?? raise(new DecodeUnsupported('LZ4 pages not in the Hadoop framing'))],
]);
if (typeof zstd === 'function') DECOMPRESSORS.set(Codec.ZSTD, (body, n) => asBytes(zstd(body, { maxOutputLength: Math.max(n, 1) })));

/** Codecs this decoder reads; any other sends the row group to parquet-wasm. */
export const SUPPORTED_CODECS: ReadonlySet<number> = new Set([Codec.UNCOMPRESSED, ...DECOMPRESSORS.keys()]);

/** The uncompressed bytes of a page body (`body` itself when the chunk is uncompressed). */
export function decompress(codec: number, body: Uint8Array, uncompressedBytes: number): Uint8Array {
  if (codec === Codec.UNCOMPRESSED) return body;
  const f = DECOMPRESSORS.get(codec);
  if (!f) throw new DecodeUnsupported(`compression codec ${CODEC_NAMES[codec] ?? codec}`);
  if (uncompressedBytes === 0) return new Uint8Array(0);
  const out = f(body, uncompressedBytes);
  if (out.length !== uncompressedBytes) {
    throw new Error(`a ${CODEC_NAMES[codec]} page decompressed to ${out.length} bytes, ${uncompressedBytes} expected`);
  }
  return out;
}
