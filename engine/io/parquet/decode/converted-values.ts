// Values whose stored form is not the engine's: INT96 timestamps (-> int64 microseconds UTC),
// FIXED_LEN_BYTE_ARRAY decimals and FLOAT16 (-> float64) and UUIDs (-> their 36-character text). Each sink
// converts a page's values (PLAIN, BYTE_STREAM_SPLIT or DELTA_BYTE_ARRAY; a dictionary page once
// per chunk) and then places them as its base sink does, so dictionary-encoded pages gather from
// the converted dictionary on the same fast path as native values.

import { bigEndianToDouble, bigEndianToDoubleWide } from '../footer.ts';
import { decodeDeltaByteArray } from './delta-byte-array.ts';
import { type FixedArray, type FixedCtor, FixedSink, scatter } from './fixed-values.ts';
import { Encoding } from './page-header.ts';
import type { ByteArrays } from './byte-arrays.ts';
import { StringSink } from './string-values.ts';
import { DecodeUnsupported } from './unsupported.ts';

/** Converts `count` values of `width` bytes each from `src` (from byte `at`) into out[outAt...]. */
type Convert = (src: Uint8Array, at: number, count: number, out: FixedArray, outAt: number) => void;

/** The `count` values of a page as `width`-byte records back to back (PLAIN layout), and the bytes of `data` they took. */
function fixedRecords(data: Uint8Array, encoding: number, width: number, count: number): { records: Uint8Array; used: number } {
  const bytes = count * width;
  if (encoding === Encoding.PLAIN) {
    if (data.length < bytes) throw new Error(`a PLAIN page holds ${data.length} bytes, ${bytes} expected for ${count} values of ${width} bytes`);
    return { records: data, used: bytes };
  }
  if (encoding === Encoding.BYTE_STREAM_SPLIT) {
    // Byte b of value i is data[b * count + i].
    if (data.length < bytes) throw new Error(`a BYTE_STREAM_SPLIT page holds ${data.length} bytes, ${bytes} expected`);
    const out = new Uint8Array(bytes);
    for (let b = 0; b < width; b++) {
      const stream = b * count;
      for (let i = 0, o = b; i < count; i++, o += width) out[o] = data[stream + i]!;
    }
    return { records: out, used: data.length };
  }
  if (encoding === Encoding.DELTA_BYTE_ARRAY) {
    const { offsets, bytes: out } = decodeDeltaByteArray(data, count);
    for (let i = 0; i < count; i++) {
      if (offsets[i + 1]! - offsets[i]! !== width) throw new Error(`a DELTA_BYTE_ARRAY page of ${width}-byte values holds one of ${offsets[i + 1]! - offsets[i]!} bytes`);
    }
    return { records: out, used: data.length };
  }
  throw new DecodeUnsupported(`encoding ${encoding} for ${width}-byte values`);
}

/** Days from the Julian day number 0 to 1970-01-01. */
const JULIAN_UNIX_EPOCH = 2_440_588;
const MICROS_PER_DAY = 86_400_000_000;
const TWO_32 = 4_294_967_296;

/** INT96 (8 bytes little-endian nanoseconds of the day, 4 bytes little-endian Julian day) as
 *  microseconds since the epoch: days x 86400e6 + trunc(nanoseconds / 1000), as Spark and DuckDB
 *  read them. Written as two 32-bit halves while the value is exact as a double (every date
 *  within about 285 years of 1970), through BigInt beyond. */
export const int96ToMicros: Convert = (src, at, count, out, outAt) => {
  const words = new Uint32Array(out.buffer, out.byteOffset, out.length * 2);
  const big = out as BigInt64Array;
  for (let i = 0, p = at; i < count; i++, p += 12) {
    const nanosLo = (src[p]! | (src[p + 1]! << 8) | (src[p + 2]! << 16) | (src[p + 3]! << 24)) >>> 0;
    const nanosHi = src[p + 4]! | (src[p + 5]! << 8) | (src[p + 6]! << 16) | (src[p + 7]! << 24);
    const day = src[p + 8]! | (src[p + 9]! << 8) | (src[p + 10]! << 16) | (src[p + 11]! << 24);
    const nanos = nanosHi * TWO_32 + nanosLo;
    const micros = (day - JULIAN_UNIX_EPOCH) * MICROS_PER_DAY + Math.trunc(nanos / 1000);
    if (Number.isSafeInteger(micros) && Number.isSafeInteger(nanos)) {
      const hi = Math.floor(micros / TWO_32);
      const w = (outAt + i) * 2;
      words[w] = micros - hi * TWO_32;
      words[w + 1] = hi >>> 0;
    } else {
      const n = (BigInt(nanosHi) << 32n) | BigInt(nanosLo);
      big[outAt + i] = BigInt(day - JULIAN_UNIX_EPOCH) * BigInt(MICROS_PER_DAY) + n / 1000n;
    }
  }
};

/** FIXED_LEN_BYTE_ARRAY decimals (big-endian two's complement unscaled integers) as float64:
 *  the integer rounded once to a double, divided by 10^scale (as footer.ts converts statistics). */
export function fixedDecimalToDouble(width: number, scale: number): Convert {
  const div = 10 ** scale;
  return (src, at, count, out, outAt) => {
    const o = out as Float64Array;
    if (width <= 8) {
      for (let i = 0, p = at; i < count; i++, p += width) o[outAt + i] = bigEndianToDouble(src, p, width) / div;
      return;
    }
    // Wide decimals (DECIMAL(38, s) is 16 bytes) mostly hold values that fit 8 bytes: when the
    // leading bytes only extend the sign, the last 8 bytes give the same double exactly.
    const lead = width - 8;
    for (let i = 0, p = at; i < count; i++, p += width) {
      const sign = src[p + lead]! & 0x80 ? 0xff : 0;
      let fits = true;
      for (let b = 0; b < lead; b++) if (src[p + b] !== sign) { fits = false; break; }
      o[outAt + i] = (fits ? bigEndianToDouble(src, p + lead, 8) : bigEndianToDoubleWide(src, p, width)) / div;
    }
  };
}

/** FLOAT16 (IEEE 754 half precision, little-endian) as float64: exact, every half is a double. */
export const float16ToDouble: Convert = (src, at, count, out, outAt) => {
  const o = out as Float64Array;
  for (let i = 0, p = at; i < count; i++, p += 2) {
    const h = src[p]! | (src[p + 1]! << 8);
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >>> 10) & 31;
    const frac = h & 1023;
    o[outAt + i] = exp === 0 ? sign * frac * 2 ** -24 : exp === 31 ? (frac ? NaN : sign * Infinity) : sign * (1024 + frac) * 2 ** (exp - 25);
  }
};

/** INT96 and FIXED_LEN_BYTE_ARRAY values converted to a fixed-width engine type. */
export class ConvertedFixedSink extends FixedSink {
  private readonly width: number;
  private readonly convert: Convert;
  private readonly encodings: ReadonlySet<number>;

  constructor(ctor: FixedCtor, rows: number, width: number, convert: Convert, encodings: ReadonlySet<number>) {
    super(ctor, rows);
    this.width = width;
    this.convert = convert;
    this.encodings = encodings;
  }

  /** Whether this sink reads data pages in `encoding` (dictionary encodings aside). */
  takes(encoding: number): boolean {
    return this.encodings.has(encoding);
  }

  override pageSink(rows: number): ConvertedFixedSink {
    return new ConvertedFixedSink(this.ctor, rows, this.width, this.convert, this.encodings);
  }

  override dictionaryPage(data: Uint8Array, count: number): void {
    const dict = new this.ctor(count);
    this.convert(fixedRecords(data, Encoding.PLAIN, this.width, count).records, 0, count, dict, 0);
    this.useDictionary(dict);
  }

  override plain(data: Uint8Array, encoding: number, row: number, n: number, levels: Uint8Array | null, present: number): number {
    if (!this.encodings.has(encoding)) throw new DecodeUnsupported(`encoding ${encoding} for ${this.width}-byte values`);
    const { records, used } = fixedRecords(data, encoding, this.width, present);
    if (!levels) {
      this.convert(records, 0, n, this.values, row);
    } else {
      const dense = new this.ctor(present);
      this.convert(records, 0, present, dense, 0);
      scatter(this.values, dense, row, n, levels);
    }
    return used;
  }
}

const HEX = new TextEncoder().encode('0123456789abcdef');

/** 16-byte UUIDs as their text: 8-4-4-4-12 lowercase hex digits. */
function uuidText(records: Uint8Array, count: number): ByteArrays {
  const offsets = new Int32Array(count + 1);
  const bytes = new Uint8Array(count * 36);
  let o = 0;
  for (let i = 0; i < count; i++) {
    const p = i * 16;
    for (let b = 0; b < 16; b++) {
      if (b === 4 || b === 6 || b === 8 || b === 10) bytes[o++] = 45; // '-'
      const x = records[p + b]!;
      bytes[o++] = HEX[x >>> 4]!;
      bytes[o++] = HEX[x & 15]!;
    }
    offsets[i + 1] = o;
  }
  return { offsets, bytes };
}

/** UUID columns (FIXED_LEN_BYTE_ARRAY(16)) as strings. */
export class UuidSink extends StringSink {
  static readonly ENCODINGS: ReadonlySet<number> = new Set([Encoding.PLAIN, Encoding.BYTE_STREAM_SPLIT, Encoding.DELTA_BYTE_ARRAY]);

  constructor(rows: number) {
    super(rows, rows * 36, 36);
  }

  takes(encoding: number): boolean {
    return UuidSink.ENCODINGS.has(encoding);
  }

  override pageSink(rows: number): UuidSink {
    return new UuidSink(rows);
  }

  override dictionaryPage(data: Uint8Array, count: number): void {
    this.useDictionary(uuidText(fixedRecords(data, Encoding.PLAIN, 16, count).records, count));
  }

  override plain(data: Uint8Array, encoding: number, row: number, n: number, levels: Uint8Array | null, present: number): number {
    const { records, used } = fixedRecords(data, encoding, 16, present);
    this.appendRows(uuidText(records, present), row, n, levels);
    return used;
  }
}
