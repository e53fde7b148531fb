// Per-type column builders for the CSV reader: they parse field bytes straight into typed
// arrays (and UTF-8 bytes + offsets for strings), with a validity bitmap, for one batch.

import { Bool, type Data, type DataType as ArrowType, DateDay, Float64, Int32, Int64, makeData, TimeUnit, Timestamp, Utf8 } from 'apache-arrow';
import type { DataType } from '../../types.ts';
import { QUOTE } from './record-scanner.ts';
import { parseBool, parseDate, parseFloat64Into, parseInt32, parseInt64, parseTimestampInto } from './parse-values.ts';

export interface ColumnBuilder {
  readonly type: DataType;
  length: number;
  /** Appends the field bytes [s, e); `escaped` means "" pairs must become ". False if not a value of the type. */
  append(buf: Uint8Array, s: number, e: number, escaped: boolean): boolean;
  appendNull(): void;
  /** Drops rows from `length` on (rolling back a bad row). */
  truncate(length: number): void;
  finish(): Data;
}

/** Arrow Data of a builder's arrays; the null count is known, so no pass over the bitmap. */
export function builtData(type: ArrowType, length: number, validity: Uint8Array, nulls: number, arrays: object): Data {
  return makeData({ type, length, nullCount: nulls, nullBitmap: nulls > 0 ? validity : null, ...arrays } as never);
}

/** Counts the nulls among rows [from, to) of a validity bitmap. */
export function nullsIn(validity: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n += 1 - ((validity[i >>> 3]! >>> (i & 7)) & 1);
  return n;
}

abstract class Base {
  length = 0;
  nulls = 0;
  validity: Uint8Array;
  constructor(capacity: number) {
    this.validity = new Uint8Array((capacity + 7) >>> 3);
  }
  protected valid(i: number): void {
    this.validity[i >>> 3]! |= 1 << (i & 7);
  }
  appendNull(): void {
    const i = this.length++;
    this.validity[i >>> 3]! &= ~(1 << (i & 7));
    this.nulls++;
  }
  truncate(length: number): void {
    if (length < this.length) this.nulls -= nullsIn(this.validity, length, this.length);
    this.length = length;
  }
  protected data(type: ArrowType, arrays: object): Data {
    return builtData(type, this.length, this.validity, this.nulls, arrays);
  }
}

class Int32Builder extends Base implements ColumnBuilder {
  readonly type = 'int32' as const;
  values: Int32Array;
  constructor(capacity: number) { super(capacity); this.values = new Int32Array(capacity); }
  append(buf: Uint8Array, s: number, e: number): boolean {
    const v = parseInt32(buf, s, e);
    if (v === undefined) return false;
    this.values[this.length] = v;
    this.valid(this.length++);
    return true;
  }
  finish(): Data { return this.data(new Int32(), { data: this.values.subarray(0, this.length) }); }
}

class Float64Builder extends Base implements ColumnBuilder {
  readonly type = 'float64' as const;
  values: Float64Array;
  constructor(capacity: number) { super(capacity); this.values = new Float64Array(capacity); }
  append(buf: Uint8Array, s: number, e: number): boolean {
    if (!parseFloat64Into(buf, s, e, this.values, this.length)) return false;
    this.valid(this.length++);
    return true;
  }
  finish(): Data { return this.data(new Float64(), { data: this.values.subarray(0, this.length) }); }
}

/** int64 and timestamp: 64-bit values written as two 32-bit halves (no BigInt on the fast path). */
class Int64Builder extends Base implements ColumnBuilder {
  readonly type: 'int64' | 'timestamp';
  values: BigInt64Array;
  halves: Int32Array;
  private readonly scratch = new Float64Array(1);
  constructor(capacity: number, type: 'int64' | 'timestamp') {
    super(capacity);
    this.type = type;
    this.values = new BigInt64Array(capacity);
    this.halves = new Int32Array(this.values.buffer);
  }
  append(buf: Uint8Array, s: number, e: number): boolean {
    if (this.type === 'timestamp') {
      // Kept apart from the int64 path so the double never meets a bigint (which would box it).
      if (!parseTimestampInto(buf, s, e, this.scratch, 0)) return false;
      const t = this.scratch[0]!;
      const hi = Math.floor(t / 4294967296);
      this.halves[2 * this.length] = (t - hi * 4294967296) | 0;
      this.halves[2 * this.length + 1] = hi;
      this.valid(this.length++);
      return true;
    }
    const v = parseInt64(buf, s, e);
    if (v === undefined) return false;
    if (typeof v === 'bigint') this.values[this.length] = v;
    else {
      const hi = Math.floor(v / 4294967296);
      this.halves[2 * this.length] = (v - hi * 4294967296) | 0;
      this.halves[2 * this.length + 1] = hi;
    }
    this.valid(this.length++);
    return true;
  }
  finish(): Data {
    const type = this.type === 'int64' ? new Int64() : new Timestamp(TimeUnit.MICROSECOND, 'UTC');
    return this.data(type, { data: this.values.subarray(0, this.length) });
  }
}

class DateBuilder extends Base implements ColumnBuilder {
  readonly type = 'date' as const;
  values: Int32Array;
  constructor(capacity: number) { super(capacity); this.values = new Int32Array(capacity); }
  append(buf: Uint8Array, s: number, e: number): boolean {
    const v = parseDate(buf, s, e);
    if (v === undefined) return false;
    this.values[this.length] = v;
    this.valid(this.length++);
    return true;
  }
  finish(): Data { return this.data(new DateDay(), { data: this.values.subarray(0, this.length) }); }
}

class BoolBuilder extends Base implements ColumnBuilder {
  readonly type = 'bool' as const;
  bits: Uint8Array;
  constructor(capacity: number) { super(capacity); this.bits = new Uint8Array((capacity + 7) >>> 3); }
  append(buf: Uint8Array, s: number, e: number): boolean {
    const v = parseBool(buf, s, e);
    if (v === undefined) return false;
    const i = this.length;
    if (v) this.bits[i >>> 3]! |= 1 << (i & 7);
    else this.bits[i >>> 3]! &= ~(1 << (i & 7));
    this.valid(this.length++);
    return true;
  }
  finish(): Data { return this.data(new Bool(), { data: this.bits }); }
}

/** Plain Utf8 strings: offsets + bytes. */
export class StringBuilder extends Base implements ColumnBuilder {
  readonly type = 'string' as const;
  offsets: Int32Array;
  bytes: Uint8Array;
  constructor(capacity: number) {
    super(capacity);
    this.offsets = new Int32Array(capacity + 1);
    this.bytes = new Uint8Array(Math.max(1024, capacity * 8));
  }
  private reserve(n: number): void {
    const need = this.offsets[this.length]! + n;
    if (need <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(need, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.offsets[this.length]!));
    this.bytes = grown;
  }
  append(buf: Uint8Array, s: number, e: number, escaped: boolean): boolean {
    this.reserve(e - s);
    let pos = this.offsets[this.length]!;
    if (!escaped) {
      // Short values: a byte loop beats allocating a subarray view per value.
      if (e - s < 64) {
        const out = this.bytes;
        for (let i = s; i < e; i++) out[pos++] = buf[i]!;
      } else {
        this.bytes.set(buf.subarray(s, e), pos);
        pos += e - s;
      }
    } else {
      for (let i = s; i < e; i++) {
        const c = buf[i]!;
        this.bytes[pos++] = c;
        if (c === QUOTE) i++; // skip the second quote of a "" pair
      }
    }
    this.offsets[this.length + 1] = pos;
    this.valid(this.length++);
    return true;
  }
  override appendNull(): void {
    this.offsets[this.length + 1] = this.offsets[this.length]!;
    super.appendNull();
  }
  finish(): Data {
    const end = this.offsets[this.length]!;
    return this.data(new Utf8(), { valueOffsets: this.offsets.subarray(0, this.length + 1), data: this.bytes.subarray(0, end) });
  }
}

/** The plain builder for `type` (strings as offsets + bytes); make-builder.ts chooses dictionary
 *  codes for a string column instead while its dictionary takes new entries. */
export function plainBuilder(type: DataType, capacity: number): ColumnBuilder {
  switch (type) {
    case 'int32': return new Int32Builder(capacity);
    case 'int64': return new Int64Builder(capacity, 'int64');
    case 'timestamp': return new Int64Builder(capacity, 'timestamp');
    case 'float64': return new Float64Builder(capacity);
    case 'date': return new DateBuilder(capacity);
    case 'bool': return new BoolBuilder(capacity);
    case 'string': return new StringBuilder(capacity);
    case 'vector': throw new Error('a CSV column cannot be read as a vector');
  }
}
