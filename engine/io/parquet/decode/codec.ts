// Page decompression. Snappy uses hysnappy (WebAssembly: runs the same in worker threads and in
// Electron; measured 4x faster than the pure-JS snappyjs on the benchmark file's pages).

import { snappyUncompressor } from 'hysnappy';
import { DecodeUnsupported } from './unsupported.ts';

export const Codec = { UNCOMPRESSED: 0, SNAPPY: 1 } as const;

/** Codecs this decoder reads; any other sends the row group to parquet-wasm. */
export const SUPPORTED_CODECS: ReadonlySet<number> = new Set([Codec.UNCOMPRESSED, Codec.SNAPPY]);

// One wasm instance per thread, made on first use.
let snappy: ((input: Uint8Array, outputLength: number) => Uint8Array) | undefined;

/** The uncompressed bytes of a page body (`body` itself when the chunk is uncompressed). */
export function decompress(codec: number, body: Uint8Array, uncompressedBytes: number): Uint8Array {
  if (codec === Codec.UNCOMPRESSED) return body;
  if (codec === Codec.SNAPPY) {
    snappy ??= snappyUncompressor();
    return snappy(body, uncompressedBytes);
  }
  throw new DecodeUnsupported(`compression codec ${codec}`);
}
