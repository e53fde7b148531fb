// Brings a column read from a file to the engine's canonical Arrow type for its engine type
// (engine/types.ts): Int8/16 -> Int32, Float32 -> Float64, any timestamp unit -> microseconds UTC,
// Date64 -> DateDay, LargeUtf8 -> Utf8. Columns already canonical pass through untouched.

import {
  DataType as ArrowType, Data, DateDay, Field as ArrowField, FixedSizeList, Float64, Int32, Int64, makeData,
  RecordBatch, TimeUnit, Timestamp, Type, Utf8,
} from 'apache-arrow';
import type { Field } from '../types.ts';
import { makeBatch } from '../compute/arrow-build.ts';

/** The validity bitmap of `d` re-based to offset 0 (or null when there are no nulls). */
function validityAt0(d: Data): Uint8Array | null {
  if (d.nullCount === 0 || !d.nullBitmap) return null;
  if (d.offset === 0) return d.nullBitmap;
  const out = new Uint8Array((d.length + 7) >>> 3);
  for (let i = 0; i < d.length; i++) {
    const j = d.offset + i;
    if ((d.nullBitmap[j >>> 3]! >>> (j & 7)) & 1) out[i >>> 3]! |= 1 << (i & 7);
  }
  return out;
}

function rebuilt(type: ArrowType, d: Data, values: Int32Array | Float64Array | BigInt64Array): Data {
  const nullBitmap = validityAt0(d);
  return makeData({ type, length: d.length, nullCount: nullBitmap ? d.nullCount : 0, nullBitmap, data: values } as never);
}

function convert<T extends Int32Array | Float64Array | BigInt64Array>(
  d: Data, make: (n: number) => T, f: (v: number | bigint) => number | bigint,
): T {
  const out = make(d.length);
  const src = d.values as ArrayLike<number | bigint>;
  for (let i = 0; i < d.length; i++) (out as unknown as (number | bigint)[])[i] = f(src[d.offset + i]!);
  return out;
}

const unsupported = (field: Field, d: Data, where: string): Error =>
  new Error(`${where}: column '${field.name}' holds ${String(d.type)}, which cannot be read as ${field.type}`);

export function normalizeData(d: Data, field: Field, where: string): Data {
  // Loosely typed view of the type's parameters (bitWidth, precision, unit, timezone...).
  const t = d.type as ArrowType & { bitWidth: number; isSigned: boolean; precision: number; unit: number; timezone?: string | null };
  switch (field.type) {
    case 'bool':
      if (t.typeId === Type.Bool) return d;
      break;
    case 'int32':
      if (t.typeId === Type.Int && t.bitWidth === 32 && t.isSigned) return d;
      if (t.typeId === Type.Int && t.bitWidth < 32) return rebuilt(new Int32(), d, convert(d, (n) => new Int32Array(n), Number));
      break;
    case 'int64':
      if (t.typeId === Type.Int && t.bitWidth === 64) return d;
      if (t.typeId === Type.Int) return rebuilt(new Int64(), d, convert(d, (n) => new BigInt64Array(n), (v) => BigInt(v)));
      break;
    case 'float64':
      if (t.typeId === Type.Float && t.precision === 2) return d;
      if (t.typeId === Type.Float && t.precision === 1) return rebuilt(new Float64(), d, convert(d, (n) => new Float64Array(n), Number));
      if (t.typeId === Type.Int) return rebuilt(new Float64(), d, convert(d, (n) => new Float64Array(n), Number));
      break;
    case 'string':
      if (t.typeId === Type.Utf8 || t.typeId === Type.Dictionary) return d;
      if (t.typeId === Type.LargeUtf8) {
        const offs = d.valueOffsets as unknown as BigInt64Array;
        const base = Number(offs[d.offset]!);
        const o32 = new Int32Array(d.length + 1);
        for (let i = 0; i <= d.length; i++) o32[i] = Number(offs[d.offset + i]!) - base;
        const bytes = (d.values as Uint8Array).subarray(base, base + o32[d.length]!);
        const nullBitmap = validityAt0(d);
        return makeData({ type: new Utf8(), length: d.length, nullCount: nullBitmap ? d.nullCount : 0, nullBitmap, valueOffsets: o32, data: bytes });
      }
      break;
    case 'date':
      if (t.typeId === Type.Date && t.unit === 0) return d;
      if (t.typeId === Type.Date) return rebuilt(new DateDay(), d, convert(d, (n) => new Int32Array(n), (v) => Math.floor(Number(v) / 86_400_000)));
      break;
    case 'timestamp':
      if (t.typeId === Type.Timestamp) {
        const target = new Timestamp(TimeUnit.MICROSECOND, 'UTC');
        if (t.unit === TimeUnit.MICROSECOND) {
          if (t.timezone === 'UTC') return d;
          return makeData({ type: target, offset: d.offset, length: d.length, nullCount: d.nullCount, nullBitmap: d.nullBitmap, data: d.values } as never);
        }
        const mul = t.unit === TimeUnit.SECOND ? 1_000_000n : t.unit === TimeUnit.MILLISECOND ? 1000n : 1n;
        const div = t.unit === TimeUnit.NANOSECOND ? 1000n : 1n;
        return rebuilt(target, d, convert(d, (n) => new BigInt64Array(n), (v) => (BigInt(v) * mul) / div));
      }
      break;
    case 'vector':
      if (t.typeId === Type.FixedSizeList) return d;
      if (t.typeId === Type.List) {
        // A null row is an empty list (or any length): its size comes from the first valid row,
        // and the values are copied row by row into the fixed layout, zeros under null rows.
        const offs = d.valueOffsets as Int32Array;
        let size = field.vectorSize;
        for (let i = 0; size === undefined && i < d.length; i++) if (d.getValid(i)) size = offs[d.offset + i + 1]! - offs[d.offset + i]!;
        size ??= 0;
        const items = normalizeData(d.children[0]!, { name: 'item', type: 'float64', nullable: true }, where).values as Float64Array;
        const values = new Float64Array(size * d.length);
        for (let i = 0; i < d.length; i++) {
          if (!d.getValid(i)) continue;
          const from = offs[d.offset + i]!;
          if (offs[d.offset + i + 1]! - from !== size) {
            throw new Error(`${where}: column '${field.name}' holds lists of different lengths; a vector column needs the same length in every row`);
          }
          values.set(items.subarray(from, from + size), i * size);
        }
        const nullBitmap = validityAt0(d);
        const child = makeData({ type: new Float64(), length: values.length, nullCount: 0, data: values });
        return makeData({
          type: new FixedSizeList(size, new ArrowField('item', new Float64(), true)), length: d.length,
          nullCount: nullBitmap ? d.nullCount : 0, nullBitmap, child,
        });
      }
      break;
  }
  throw unsupported(field, d, where);
}

/** A batch with exactly `fields` (by name, in order), each column normalized. */
export function normalizeBatch(batch: RecordBatch, fields: readonly Field[], where: string): RecordBatch {
  const cols = fields.map((f) => {
    const i = batch.schema.fields.findIndex((x) => x.name === f.name);
    if (i < 0) throw new Error(`${where}: column '${f.name}' is missing`);
    return normalizeData(batch.data.children[i]!, f, where);
  });
  return makeBatch(fields.map((f) => f.name), cols, batch.numRows, fields.map((f) => f.nullable));
}
