// A Snappy page decompressed only as far as it is read: a preview that wants the first rows of a
// row group whose column chunks are one page each (as the bench's events file is) would otherwise
// decompress every whole chunk for its first batch. Snappy's elements (literals, and copies of
// bytes already written) decode front to back, so out[0, n) is final once the elements up to n
// are decoded. Small steps decode here; a big step finishes the page at once in hysnappy's
// WebAssembly (codec.ts), measured 4x faster per byte than JavaScript, so a scan that reads on
// costs one copy more than decompressing the page whole.

import { Codec, decompress } from './codec.ts';
import { PageType, type PageHeader } from './page-header.ts';
import { decodeDefinitionLevels } from './rle.ts';

/** Bytes asked for in one step beyond which the rest of the page is decompressed at once. */
const WHOLE_STEP_BYTES = 256 * 1024;

export class SnappyStream {
  /** The page's uncompressed bytes: final in [0, ready). */
  readonly out: Uint8Array;
  private readonly input: Uint8Array;
  private ip: number;
  private op = 0;

  constructor(input: Uint8Array, uncompressedBytes: number) {
    let len = 0;
    let p = 0;
    for (let shift = 0; ; shift += 7) {
      if (p >= input.length || shift > 28) throw new Error('a SNAPPY page has no valid length');
      const b = input[p++]!;
      len += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) break;
    }
    if (len !== uncompressedBytes) throw new Error(`a SNAPPY page decompresses to ${len} bytes, ${uncompressedBytes} expected`);
    this.input = input;
    this.ip = p;
    this.out = new Uint8Array(len);
  }

  get ready(): number {
    return this.op;
  }

  /** Makes out[0, n) final (n is clamped to the page's length). */
  ensure(n: number): void {
    const out = this.out;
    const want = Math.min(n, out.length);
    if (this.op >= want) return;
    if (want - this.op > WHOLE_STEP_BYTES) {
      out.set(decompress(Codec.SNAPPY, this.input, out.length).subarray(this.op), this.op);
      this.op = out.length;
      return;
    }
    const inp = this.input;
    let ip = this.ip;
    let op = this.op;
    while (op < want) {
      if (ip >= inp.length) throw new Error(`a SNAPPY page ends after ${op} of ${out.length} bytes`);
      const tag = inp[ip++]!;
      const kind = tag & 3;
      if (kind === 0) {
        let len = tag >>> 2;
        if (len >= 60) {
          const extra = len - 59;
          len = 0;
          for (let i = 0; i < extra; i++) len += inp[ip++]! * 2 ** (8 * i);
        }
        len += 1;
        if (ip + len > inp.length || op + len > out.length) throw new Error('a SNAPPY literal runs past its page');
        out.set(inp.subarray(ip, ip + len), op);
        ip += len;
        op += len;
        continue;
      }
      let len: number;
      let offset: number;
      if (kind === 1) {
        len = ((tag >>> 2) & 7) + 4;
        offset = ((tag >>> 5) << 8) | inp[ip++]!;
      } else if (kind === 2) {
        len = (tag >>> 2) + 1;
        offset = inp[ip]! | (inp[ip + 1]! << 8);
        ip += 2;
      } else {
        len = (tag >>> 2) + 1;
        offset = (inp[ip]! | (inp[ip + 1]! << 8) | (inp[ip + 2]! << 16) | (inp[ip + 3]! << 24)) >>> 0;
        ip += 4;
      }
      if (offset === 0 || offset > op || op + len > out.length) throw new Error('a SNAPPY copy reaches outside its page');
      if (offset >= len) out.copyWithin(op, op - offset, op - offset + len);
      else for (let i = 0; i < len; i++) out[op + i] = out[op - offset + i]!;
      op += len;
    }
    this.ip = ip;
    this.op = op;
  }
}

/** A data page's values, decompressed as far as they are read, and its definition levels (all
 *  decoded now into `validity` at `row`: they come first in the page). `values` is a view of
 *  `stream.out` from `valuesAt`; undefined when the page's values are not compressed. */
export interface LazyValues { readonly values: Uint8Array; readonly present: number; readonly stream: SnappyStream; readonly valuesAt: number }

export function lazyLevelsAndValues(h: PageHeader, body: Uint8Array, validity: Uint8Array | null, row: number): LazyValues | undefined {
  const n = h.numValues;
  if (h.type === PageType.DATA) {
    const stream = new SnappyStream(body, h.uncompressedBytes);
    const page = stream.out;
    if (!validity) {
      stream.ensure(1);
      return { values: page, present: n, stream, valuesAt: 0 };
    }
    stream.ensure(4);
    const len = (page[0]! | (page[1]! << 8) | (page[2]! << 16) | (page[3]! << 24)) >>> 0;
    stream.ensure(4 + len + 1);
    const present = decodeDefinitionLevels(page, 4, 4 + len, n, null, validity, row);
    return { values: page.subarray(4 + len), present, stream, valuesAt: 4 + len };
  }
  if (!h.valuesCompressed) return undefined;
  const stream = new SnappyStream(body.subarray(h.defLevelBytes), h.uncompressedBytes - h.defLevelBytes);
  stream.ensure(1);
  const present = validity ? decodeDefinitionLevels(body, 0, h.defLevelBytes, n, null, validity, row) : n;
  return { values: stream.out, present, stream, valuesAt: 0 };
}
