// The kernels' in-memory column: typed arrays with one byte per row for validity and booleans.
// Strings stay UTF-8: either offsets + bytes, or dictionary codes into a (small) string column.
// Conversion to and from Arrow Data happens once per operator, never per value.

import { Dictionary, makeData, Type, Vector } from 'apache-arrow';
import type { Data, Dictionary as ArrowDictionary, Utf8 } from 'apache-arrow';
import type { DataType } from '../types.ts';
import { dataTypeOf } from './arrow-types.ts';
import { arrowType } from './arrow-build.ts';
import { countNulls, packBits, unpackBits, validBytes } from './bitmap.ts';

export type ColType = DataType | 'null';
export type NumArray = Int32Array | Float64Array | BigInt64Array | Uint8Array;

export interface Col {
  readonly type: ColType;
  readonly length: number;
  /** One byte per row, 1 = valid; null = no nulls. */
  readonly valid: Uint8Array | null;
  /** bool: Uint8Array 0/1; int32, date: Int32Array; int64, timestamp: BigInt64Array; float64: Float64Array. */
  readonly values?: NumArray;
  /** Plain strings: row i is bytes[offsets[i], offsets[i+1]). */
  readonly offsets?: Int32Array;
  readonly bytes?: Uint8Array;
  /** Dictionary strings: row i is dict row codes[i]. */
  readonly codes?: Int32Array;
  readonly dict?: Col;
  /** The Arrow data itself, for types the kernels only pass through (vector). */
  readonly data?: Data;
  readonly vectorSize?: number;
  /** A broadcast literal: every row holds the same value. */
  readonly scalar?: boolean;
}

export function colFromData(d: Data): Col {
  const length = d.length;
  const valid = validBytes(d);
  const t = d.type;
  switch (t.typeId) {
    case Type.Bool:
      return { type: 'bool', length, valid, values: unpackBits(d.values as Uint8Array, d.offset, length) };
    case Type.Int: {
      const bw = (t as unknown as { bitWidth: number }).bitWidth;
      if (bw === 64) return { type: 'int64', length, valid, values: d.values as BigInt64Array };
      if (bw === 32) return { type: 'int32', length, valid, values: d.values as Int32Array };
      return { type: 'int32', length, valid, values: Int32Array.from(d.values as ArrayLike<number>) };
    }
    case Type.Float:
      return { type: 'float64', length, valid, values: d.values instanceof Float64Array ? d.values : Float64Array.from(d.values as ArrayLike<number>) };
    case Type.Date:
      return { type: 'date', length, valid, values: d.values as Int32Array };
    case Type.Timestamp:
      return { type: 'timestamp', length, valid, values: d.values as BigInt64Array };
    case Type.Utf8:
      return { type: 'string', length, valid, offsets: d.valueOffsets as Int32Array, bytes: d.values as Uint8Array };
    case Type.Dictionary: {
      const dictVec = d.dictionary as Vector<Utf8> | undefined;
      if (!dictVec) throw new Error('dictionary column without dictionary');
      const dictData = dictVec.data.length === 1 ? dictVec.data[0]! : concatUtf8Data(dictVec.data);
      const codes = d.values instanceof Int32Array ? d.values : Int32Array.from(d.values as ArrayLike<number>);
      return { type: 'string', length, valid, codes, dict: colFromData(dictData) };
    }
    case Type.FixedSizeList:
      return { type: 'vector', length, valid, data: d, vectorSize: (t as unknown as { listSize: number }).listSize };
    default:
      return { type: dataTypeOf(t), length, valid, data: d };
  }
}

function concatUtf8Data(parts: readonly Data[]): Data {
  let len = 0;
  for (const p of parts) len += p.length;
  const cols = parts.map((p) => colFromData(p));
  return colToData(concatPlainStrings(cols, len));
}

/** Plain (offsets + bytes) strings of several columns, end to end. */
function concatPlainStrings(cols: readonly Col[], length: number): Col {
  const plain = cols.map(plainStrings);
  let nbytes = 0;
  for (const c of plain) nbytes += c.offsets![c.length]! - c.offsets![0]!;
  const offsets = new Int32Array(length + 1);
  const bytes = new Uint8Array(nbytes);
  const valid = new Uint8Array(length);
  let row = 0; let pos = 0;
  for (const c of plain) {
    const o = c.offsets!; const base = o[0]!;
    bytes.set(c.bytes!.subarray(base, o[c.length]!), pos);
    for (let i = 0; i < c.length; i++) {
      offsets[row] = pos + o[i]! - base;
      valid[row] = c.valid ? c.valid[i]! : 1;
      row++;
    }
    pos += o[c.length]! - base;
  }
  offsets[length] = pos;
  return { type: 'string', length, valid, offsets, bytes };
}

/** A string column as offsets + bytes (dictionary columns are decoded by copying byte ranges). */
export function plainStrings(c: Col): Col {
  if (!c.codes) return c;
  const dict = plainStrings(c.dict!);
  const { codes } = c; const n = c.length;
  const dOff = dict.offsets!; const dBytes = dict.bytes!;
  const offsets = new Int32Array(n + 1);
  let total = 0;
  const valid = mergeValid(c.valid, dict.valid ? gatherBytes(dict.valid, codes, c.valid) : null, n);
  for (let i = 0; i < n; i++) {
    offsets[i] = total;
    if (!valid || valid[i]) { const k = codes[i]!; total += dOff[k + 1]! - dOff[k]!; }
  }
  offsets[n] = total;
  const bytes = new Uint8Array(total);
  for (let i = 0; i < n; i++) {
    if (valid && !valid[i]) continue;
    const k = codes[i]!;
    bytes.set(dBytes.subarray(dOff[k]!, dOff[k + 1]!), offsets[i]!);
  }
  return { type: 'string', length: n, valid, offsets, bytes };
}

function gatherBytes(src: Uint8Array, codes: Int32Array, rowValid: Uint8Array | null): Uint8Array {
  const out = new Uint8Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = rowValid && !rowValid[i] ? 0 : src[codes[i]!]!;
  return out;
}

/** Row valid when valid in both (null = all valid). */
export function mergeValid(a: Uint8Array | null, b: Uint8Array | null, n: number): Uint8Array | null {
  if (!a) return b;
  if (!b) return a;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = a[i]! & b[i]!;
  return out;
}

export function colToData(c: Col): Data {
  const n = c.length;
  const nullCount = c.type === 'null' ? n : countNulls(c.valid, n);
  const nullBitmap = nullCount > 0 ? packBits(c.valid ?? new Uint8Array(n), n) : undefined;
  switch (c.type) {
    case 'null':
      return makeData({ type: arrowType('int32'), length: n, nullCount: n, nullBitmap: new Uint8Array(((n + 63) & ~63) >> 3), data: new Int32Array(n) } as never);
    case 'bool':
      return makeData({ type: arrowType('bool'), length: n, nullCount, nullBitmap, data: packBits(c.values as Uint8Array, n) } as never);
    case 'string':
      if (c.codes) {
        const dictData = colToData(c.dict!);
        const type = new Dictionary(dictData.type, arrowType('int32') as never) as ArrowDictionary;
        return makeData({ type, length: n, nullCount, nullBitmap, data: c.codes, dictionary: new Vector([dictData]) } as never);
      }
      return makeData({ type: arrowType('string'), length: n, nullCount, nullBitmap, valueOffsets: c.offsets!, data: c.bytes! } as never);
    case 'vector':
      return c.data!;
    default:
      return makeData({ type: arrowType(c.type), length: n, nullCount, nullBitmap, data: c.values } as never);
  }
}


/** A column of `n` nulls of type t. */
export function nullCol(type: ColType, n: number): Col {
  const valid = new Uint8Array(n);
  switch (type) {
    case 'string': return { type, length: n, valid, offsets: new Int32Array(n + 1), bytes: new Uint8Array(0) };
    case 'int64': case 'timestamp': return { type, length: n, valid, values: new BigInt64Array(n) };
    case 'float64': return { type, length: n, valid, values: new Float64Array(n) };
    case 'bool': return { type, length: n, valid, values: new Uint8Array(n) };
    default: return { type, length: n, valid, values: new Int32Array(n) };
  }
}

/** A new column whose row i is row idx[i] of c (idx[i] < 0 gives null). */
export function takeCol(c: Col, idx: Int32Array): Col {
  const n = idx.length;
  let valid: Uint8Array | null = null;
  let hasNeg = false;
  for (let i = 0; i < n; i++) if (idx[i]! < 0) { hasNeg = true; break; }
  if (c.valid || hasNeg) {
    valid = new Uint8Array(n);
    const cv = c.valid;
    for (let i = 0; i < n; i++) { const k = idx[i]!; valid[i] = k < 0 ? 0 : cv ? cv[k]! : 1; }
  }
  if (c.type === 'null') return nullCol('null', n);
  if (c.type === 'string') {
    if (c.codes) {
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) { const k = idx[i]!; codes[i] = k < 0 ? 0 : c.codes[k]!; }
      return { type: 'string', length: n, valid, codes, dict: c.dict! };
    }
    const so = c.offsets!; const sb = c.bytes!;
    const offsets = new Int32Array(n + 1);
    let total = 0;
    for (let i = 0; i < n; i++) {
      offsets[i] = total;
      const k = idx[i]!;
      if (k >= 0) total += so[k + 1]! - so[k]!;
    }
    offsets[n] = total;
    const bytes = new Uint8Array(total);
    for (let i = 0; i < n; i++) {
      const k = idx[i]!;
      if (k < 0) continue;
      const s = so[k]!; const e = so[k + 1]!;
      if (e - s < 16) { let p = offsets[i]!; for (let j = s; j < e; j++) bytes[p++] = sb[j]!; }
      else bytes.set(sb.subarray(s, e), offsets[i]!);
    }
    return { type: 'string', length: n, valid, offsets, bytes };
  }
  if (c.type === 'vector') {
    return { type: 'vector', length: n, valid, data: takeFixedSizeList(c.data!, idx, valid), vectorSize: c.vectorSize };
  }
  const src = c.values!;
  const out = new (src.constructor as { new (n: number): NumArray })(n);
  if (src instanceof BigInt64Array) {
    const o = out as BigInt64Array;
    for (let i = 0; i < n; i++) { const k = idx[i]!; o[i] = k < 0 ? 0n : src[k]!; }
  } else {
    const o = out as Int32Array; const s = src as Int32Array;
    for (let i = 0; i < n; i++) { const k = idx[i]!; o[i] = k < 0 ? 0 : s[k]!; }
  }
  return { type: c.type, length: n, valid, values: out };
}

function takeFixedSizeList(d: Data, idx: Int32Array, valid: Uint8Array | null): Data {
  const size = (d.type as unknown as { listSize: number }).listSize;
  const child = d.children[0]!;
  // Slicing a FixedSizeList slices its child, so child values start at this column's row 0.
  const vals = child.values as Float64Array;
  const n = idx.length;
  const out = new Float64Array(n * size);
  for (let i = 0; i < n; i++) {
    const k = idx[i]!;
    if (k < 0) continue;
    for (let j = 0; j < size; j++) out[i * size + j] = vals[k * size + j]!;
  }
  const childData = makeData({ type: child.type, length: n * size, nullCount: 0, data: out } as never);
  const nullCount = countNulls(valid, n);
  return makeData({ type: d.type, length: n, nullCount, nullBitmap: nullCount ? packBits(valid!, n) : undefined, child: childData } as never);
}

/** Take rows of Arrow Data: the fast path every operator uses to gather output columns. */
export function takeData(d: Data, idx: Int32Array): Data {
  return colToData(takeCol(colFromData(d), idx));
}

/** Columns of one type end to end (dictionary strings are decoded). */
export function concatCols(cols: readonly Col[], type: ColType): Col {
  let n = 0;
  for (const c of cols) n += c.length;
  if (cols.length === 1) return cols[0]!;
  if (type === 'string') return concatPlainStrings(cols.map((c) => (c.type === 'null' ? nullCol('string', c.length) : c)), n);
  const proto = nullCol(type, 0);
  const out = new (proto.values!.constructor as { new (n: number): NumArray })(n);
  const valid = new Uint8Array(n);
  let at = 0;
  for (const c of cols) {
    if (c.type !== 'null') {
      // A column's arrays can be longer than it (IPC buffers read back from a spill are padded).
      (out as unknown as { set(a: NumArray, o: number): void }).set(c.values!.subarray(0, c.length) as NumArray, at);
      if (c.valid) valid.set(c.valid.subarray(0, c.length), at); else valid.fill(1, at, at + c.length);
    }
    at += c.length;
  }
  return { type, length: n, valid, values: out };
}
