// LZ4 block format (Parquet's LZ4_RAW codec: one block per page, no frame), and the Hadoop
// framing of the deprecated LZ4 codec (parquet-mr, Spark's "lz4"). A sequence is a token
// (literal length high nibble, match length low nibble), its literals, then a 2-byte little-endian
// offset back into the output and the match to copy from there (it may overlap what it writes).
// The last sequence has literals only. Malformed input throws instead of reading or writing
// out of bounds.

/** Decompresses one LZ4 block of `src` into exactly `outputLength` bytes. */
export function lz4RawDecompress(src: Uint8Array, outputLength: number): Uint8Array {
  const out = new Uint8Array(outputLength);
  const op = lz4BlockInto(src, 0, src.length, out, 0, outputLength);
  if (op !== outputLength) throw new Error(`a LZ4_RAW page decompressed to ${op} bytes, ${outputLength} expected`);
  return out;
}

const u32be = (b: Uint8Array, p: number) => ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;

/** The Hadoop LZ4 codec's framing: blocks of [uncompressed size, big-endian u32], then chunks of
 *  [compressed size, big-endian u32][LZ4 block] until the block's bytes are out. Undefined when
 *  the bytes are not framed so (some old writers used the LZ4 frame format under this codec). */
export function lz4HadoopDecompress(src: Uint8Array, outputLength: number): Uint8Array | undefined {
  const out = new Uint8Array(outputLength);
  let ip = 0;
  let op = 0;
  try {
    while (ip < src.length) {
      if (ip + 4 > src.length) return undefined;
      const blockEnd = op + u32be(src, ip);
      ip += 4;
      if (blockEnd > outputLength) return undefined;
      while (op < blockEnd) {
        if (ip + 4 > src.length) return undefined;
        const len = u32be(src, ip);
        ip += 4;
        if (ip + len > src.length) return undefined;
        op = lz4BlockInto(src, ip, ip + len, out, op, blockEnd);
        ip += len;
      }
    }
  } catch {
    return undefined;
  }
  return op === outputLength ? out : undefined;
}

/** Decodes the LZ4 block src[start, end) into out from `op` (never past `limit`); returns the end. */
function lz4BlockInto(src: Uint8Array, start: number, end: number, out: Uint8Array, op: number, limit: number): number {
  let ip = start;
  const outStart = op;
  const bad = (why: string) => new Error(`a LZ4 page is corrupt (${why} at input byte ${ip})`);
  while (ip < end) {
    const token = src[ip++]!;
    let literals = token >>> 4;
    if (literals === 15) {
      let b: number;
      do { if (ip >= end) throw bad('literal length runs past the end'); b = src[ip++]!; literals += b; } while (b === 255);
    }
    if (ip + literals > end || op + literals > limit) throw bad('literals run past the end');
    if (literals < 16) for (let i = 0; i < literals; i++) out[op + i] = src[ip + i]!;
    else out.set(src.subarray(ip, ip + literals), op);
    ip += literals;
    op += literals;
    if (ip === end) break; // the last sequence: literals only
    if (ip + 2 > end) throw bad('a match offset runs past the end');
    const offset = src[ip]! | (src[ip + 1]! << 8);
    ip += 2;
    if (offset === 0 || offset > op - outStart) throw bad(`match offset ${offset} before the start of the output`);
    let match = (token & 15) + 4;
    if ((token & 15) === 15) {
      let b: number;
      do { if (ip >= end) throw bad('match length runs past the end'); b = src[ip++]!; match += b; } while (b === 255);
    }
    if (op + match > limit) throw bad('a match runs past the page size');
    let from = op - offset;
    if (offset >= match) {
      out.copyWithin(op, from, from + match);
      op += match;
    } else {
      // Overlapping: byte by byte repeats the last `offset` bytes.
      for (let i = 0; i < match; i++) out[op++] = out[from++]!;
    }
  }
  return op;
}
