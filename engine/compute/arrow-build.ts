// Building Arrow columns and record batches straight from typed arrays (no per-value builders:
// vectorFromArray is far too slow for big string columns), and the Arrow type of each engine type.

import {
  Bool, DataType as ArrowType, Data, DateDay, Dictionary, Field as ArrowField, Float64, Int32, Int64,
  makeData, RecordBatch, Schema as ArrowSchema, Struct, TimeUnit, Timestamp, Utf8, Vector, FixedSizeList,
} from 'apache-arrow';
import type { DataType } from '../types.ts';

/** The canonical Arrow type of an engine type (engine/types.ts); strings are plain Utf8 here,
 *  a vector a FixedSizeList of `vectorSize` float64. */
export function arrowType(t: DataType, vectorSize?: number): ArrowType {
  switch (t) {
    case 'bool': return new Bool();
    case 'int32': return new Int32();
    case 'int64': return new Int64();
    case 'float64': return new Float64();
    case 'string': return new Utf8();
    case 'date': return new DateDay();
    case 'timestamp': return new Timestamp(TimeUnit.MICROSECOND, 'UTC');
    case 'vector':
      return new FixedSizeList(vectorSize ?? 0, new ArrowField('item', new Float64(), true));
  }
}

/** Count of zero bits among the first `length` bits of a validity bitmap. */
export function countNulls(validity: Uint8Array | undefined, length: number): number {
  if (!validity) return 0;
  let valid = 0;
  for (let i = 0; i < length; i++) valid += (validity[i >>> 3]! >>> (i & 7)) & 1;
  return length - valid;
}

/** A column of fixed-width values (int32, int64, float64, date, timestamp) with an optional validity bitmap. */
export function fixedData(
  type: ArrowType, values: Int32Array | Float64Array | BigInt64Array, length: number, validity?: Uint8Array,
): Data {
  const nullCount = countNulls(validity, length);
  return makeData({ type, length, nullCount, nullBitmap: nullCount > 0 ? validity : null, data: values } as never);
}

/** A bool column; `bits` is the packed value bitmap. */
export function boolData(bits: Uint8Array, length: number, validity?: Uint8Array): Data {
  const nullCount = countNulls(validity, length);
  return makeData({ type: new Bool(), length, nullCount, nullBitmap: nullCount > 0 ? validity : null, data: bits });
}

/** A Utf8 column from offsets (length + 1 entries) and UTF-8 bytes. */
export function utf8Data(offsets: Int32Array, bytes: Uint8Array, length: number, validity?: Uint8Array): Data {
  const nullCount = countNulls(validity, length);
  return makeData({
    type: new Utf8(), length, nullCount, nullBitmap: nullCount > 0 ? validity : null,
    valueOffsets: offsets, data: bytes,
  });
}

/** A Utf8 dictionary (the distinct values a Dictionary column's codes point into). */
export function utf8Dictionary(values: readonly string[]): Vector<Utf8> {
  const enc = new TextEncoder();
  const parts = values.map((v) => enc.encode(v));
  const offsets = new Int32Array(parts.length + 1);
  let total = 0;
  parts.forEach((p, i) => { total += p.length; offsets[i + 1] = total; });
  const bytes = new Uint8Array(total);
  parts.forEach((p, i) => bytes.set(p, offsets[i]!));
  return new Vector([utf8Data(offsets, bytes, parts.length)]) as Vector<Utf8>;
}

/** A Dictionary<Utf8, Int32> column: `codes` index into `dictionary`. */
export function dictionaryData(
  type: Dictionary<Utf8, Int32>, dictionary: Vector<Utf8>, codes: Int32Array, length: number, validity?: Uint8Array,
): Data {
  const nullCount = countNulls(validity, length);
  return makeData({
    type, length, nullCount, nullBitmap: nullCount > 0 ? validity : null, data: codes, dictionary,
  });
}

/** A record batch from one Data per field, all of `length` rows. */
export function makeBatch(names: readonly string[], columns: readonly Data[], length: number, nullable?: readonly boolean[]): RecordBatch {
  const fields = columns.map((d, i) => new ArrowField(names[i]!, d.type, nullable?.[i] ?? true));
  const schema = new ArrowSchema(fields);
  const struct = makeData({ type: new Struct(fields), length, nullCount: 0, children: columns as Data[] });
  return new RecordBatch(schema, struct);
}

/** The engine type an Arrow type stands for, or undefined if the engine has no such type. */
export function engineTypeOf(type: ArrowType): DataType | undefined {
  if (ArrowType.isBool(type)) return 'bool';
  if (ArrowType.isInt(type)) {
    if (type.bitWidth < 32 || (type.bitWidth === 32 && type.isSigned)) return 'int32';
    return 'int64';
  }
  if (ArrowType.isFloat(type)) return 'float64';
  if (ArrowType.isUtf8(type) || ArrowType.isLargeUtf8(type)) return 'string';
  if (ArrowType.isDictionary(type)) return engineTypeOf(type.dictionary) === 'string' ? 'string' : undefined;
  if (ArrowType.isDate(type)) return 'date';
  if (ArrowType.isTimestamp(type)) return 'timestamp';
  if (ArrowType.isFixedSizeList(type) || ArrowType.isList(type)) {
    const child = type.children[0]?.type;
    return child && ArrowType.isFloat(child) ? 'vector' : undefined;
  }
  return undefined;
}
