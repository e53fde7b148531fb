// Column utilities the writers need: decoding Dictionary<Utf8> to plain Utf8, gathering rows by
// index (to split a batch by partition values), and a batch with exactly a schema's columns.

import { type Data, DataType as ArrowType, makeData, type RecordBatch, Type, Utf8 } from 'apache-arrow';
import type { Schema } from '../types.ts';
import { makeBatch } from '../compute/arrow-build.ts';

function isValid(d: Data, i: number): boolean {
  if (d.nullCount === 0 || !d.nullBitmap) return true;
  const j = d.offset + i;
  return ((d.nullBitmap[j >>> 3]! >>> (j & 7)) & 1) === 1;
}

/** Validity bitmap (offset 0) of rows `idx` of `d`, or undefined when none is null. */
function takeValidity(d: Data, idx: Int32Array): { bitmap?: Uint8Array; nulls: number } {
  if (d.nullCount === 0 || !d.nullBitmap) return { nulls: 0 };
  const out = new Uint8Array((idx.length + 7) >>> 3);
  let nulls = 0;
  for (let k = 0; k < idx.length; k++) {
    if (isValid(d, idx[k]!)) out[k >>> 3]! |= 1 << (k & 7);
    else nulls++;
  }
  return nulls > 0 ? { bitmap: out, nulls } : { nulls: 0 };
}

/** Utf8 bytes and offsets of rows `idx` of a Utf8 column or of a dictionary's values via codes. */
function gatherUtf8(src: Data, rowsOf: (k: number) => number, n: number): { offsets: Int32Array; bytes: Uint8Array } {
  const so = src.valueOffsets as Int32Array;
  const sv = src.values as Uint8Array;
  const offsets = new Int32Array(n + 1);
  let total = 0;
  for (let k = 0; k < n; k++) {
    const r = src.offset + rowsOf(k);
    total += so[r + 1]! - so[r]!;
    offsets[k + 1] = total;
  }
  const bytes = new Uint8Array(total);
  for (let k = 0; k < n; k++) {
    const r = src.offset + rowsOf(k);
    bytes.set(sv.subarray(so[r]!, so[r + 1]!), offsets[k]!);
  }
  return { offsets, bytes };
}

/** A Dictionary<Utf8> column as plain Utf8 (other columns unchanged). */
export function plainStrings(d: Data): Data {
  if (d.type.typeId !== Type.Dictionary) return d;
  const dict = d.dictionary!.data[0]!;
  if (d.dictionary!.data.length !== 1 || !ArrowType.isUtf8(dict.type)) throw new Error(`cannot write a ${String(d.type)} column`);
  const codes = d.values as Int32Array;
  const n = d.length;
  // Nulls take no bytes: gather valid rows only, writing empty ranges for nulls.
  const so = dict.valueOffsets as Int32Array;
  const sv = dict.values as Uint8Array;
  const outOffsets = new Int32Array(n + 1);
  let total = 0;
  for (let k = 0; k < n; k++) {
    if (isValid(d, k)) { const c = dict.offset + codes[d.offset + k]!; total += so[c + 1]! - so[c]!; }
    outOffsets[k + 1] = total;
  }
  const out = new Uint8Array(total);
  for (let k = 0; k < n; k++) {
    if (!isValid(d, k)) continue;
    const c = dict.offset + codes[d.offset + k]!;
    out.set(sv.subarray(so[c]!, so[c + 1]!), outOffsets[k]!);
  }
  const idx = Int32Array.from({ length: n }, (_, k) => k);
  const v = takeValidity(d, idx);
  return makeData({ type: new Utf8(), length: n, nullCount: v.nulls, nullBitmap: v.bitmap ?? null, valueOffsets: outOffsets, data: out });
}

/** Rows `idx` of column `d` (any engine type; dictionaries keep their dictionary). */
export function takeRows(d: Data, idx: Int32Array): Data {
  const n = idx.length;
  const v = takeValidity(d, idx);
  const base = { type: d.type, length: n, nullCount: v.nulls, nullBitmap: v.bitmap ?? null };
  const t = d.type;
  if (t.typeId === Type.Utf8) {
    const { offsets, bytes } = gatherUtf8(d, (k) => idx[k]!, n);
    return makeData({ ...base, valueOffsets: offsets, data: bytes } as never);
  }
  if (t.typeId === Type.Bool) {
    const bits = new Uint8Array((n + 7) >>> 3);
    const src = d.values as Uint8Array;
    for (let k = 0; k < n; k++) {
      const j = d.offset + idx[k]!;
      if ((src[j >>> 3]! >>> (j & 7)) & 1) bits[k >>> 3]! |= 1 << (k & 7);
    }
    return makeData({ ...base, data: bits } as never);
  }
  if (t.typeId === Type.FixedSizeList) {
    const size = (t as unknown as { listSize: number }).listSize;
    const childIdx = new Int32Array(n * size);
    for (let k = 0; k < n; k++) for (let c = 0; c < size; c++) childIdx[k * size + c] = (d.offset + idx[k]!) * size + c;
    return makeData({ ...base, child: takeRows(d.children[0]!, childIdx) } as never);
  }
  // Fixed width: ints, floats, dates, timestamps, dictionary codes.
  const src = d.values as Int32Array | Float64Array | BigInt64Array;
  const out = new (src.constructor as { new(n: number): typeof src })(n);
  for (let k = 0; k < n; k++) out[k] = src[d.offset + idx[k]!]!;
  return makeData({ ...base, data: out, dictionary: d.dictionary } as never);
}

/** The batch's columns named by `schema`, in its order, strings plain Utf8 (for file writers). */
export function writableBatch(batch: RecordBatch, schema: Schema, where: string): RecordBatch {
  const cols = schema.fields.map((f) => {
    const i = batch.schema.fields.findIndex((x) => x.name === f.name);
    if (i < 0) throw new Error(`${where}: the input has no column '${f.name}'`);
    return plainStrings(batch.data.children[i]!);
  });
  return makeBatch(schema.fields.map((f) => f.name), cols, batch.numRows);
}
