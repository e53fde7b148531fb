// RecordBatch <-> a plain object of typed arrays that crosses threads by transfer, not by copy.
//
// encodeBatch() walks the batch's Data tree (children and dictionaries too) and lists every
// buffer in a transfer list. A buffer is transferred as is when the view owns its whole
// ArrayBuffer and no other view in the same message uses it; otherwise (a slice of a bigger
// buffer, a buffer shared by two batches) the view is copied first, so that every encoded batch
// owns its buffers and can later be transferred on to another thread on its own.
// decodeBatch() rebuilds the Data objects around the received arrays without copying.

import {
  Binary, Bool, Data, DataType, Date_, Dictionary, Duration, Field, FixedSizeList, Float, Int, Int32, LargeBinary,
  LargeUtf8, List, Null, RecordBatch, Schema, Struct, Time, Timestamp, Type, Utf8, Vector, makeData,
} from 'apache-arrow';

export type TypeDesc =
  | { readonly t: 'null' } | { readonly t: 'bool' } | { readonly t: 'utf8' } | { readonly t: 'largeUtf8' }
  | { readonly t: 'binary' } | { readonly t: 'largeBinary' }
  | { readonly t: 'int'; readonly bits: 8 | 16 | 32 | 64; readonly signed: boolean }
  | { readonly t: 'float'; readonly precision: number }
  | { readonly t: 'date'; readonly unit: number }
  | { readonly t: 'time'; readonly unit: number; readonly bits: 32 | 64 }
  | { readonly t: 'timestamp'; readonly unit: number; readonly tz: string | null }
  | { readonly t: 'duration'; readonly unit: number }
  | { readonly t: 'list'; readonly child: FieldDesc }
  | { readonly t: 'fixedSizeList'; readonly size: number; readonly child: FieldDesc }
  | { readonly t: 'struct'; readonly children: readonly FieldDesc[] }
  | { readonly t: 'dictionary'; readonly id: number; readonly indices: TypeDesc; readonly values: TypeDesc; readonly ordered: boolean };

export interface FieldDesc {
  readonly name: string; readonly nullable: boolean; readonly type: TypeDesc;
  readonly metadata?: readonly (readonly [string, string])[];
}

type View = ArrayBufferView | undefined;

export interface EncodedData {
  readonly type: TypeDesc;
  readonly offset: number;
  readonly length: number;
  readonly nullCount: number;
  /** [valueOffsets, values, nullBitmap, typeIds] as Arrow's BufferType orders them. */
  readonly buffers: readonly [View, View, View, View];
  readonly children: readonly EncodedData[];
  readonly dictionary?: readonly EncodedData[];
}

export interface EncodedBatch {
  readonly encoded: true;
  readonly fields: readonly FieldDesc[];
  readonly length: number;
  readonly columns: readonly EncodedData[];
  /** Sum of the buffers' byte lengths. */
  readonly bytes: number;
}

/** Collects the ArrayBuffers of one message; each appears once. */
export class TransferList {
  readonly buffers: ArrayBuffer[] = [];
  private readonly seen = new Set<ArrayBufferLike>();
  bytes = 0;

  /** The view to put in the message: itself when its buffer can move, else a compact copy. */
  take<T extends ArrayBufferView>(view: T, forceCopy = false): T {
    const buf = view.buffer;
    this.bytes += view.byteLength;
    if (forceCopy) {
      const copy = copyView(view);
      this.seen.add(copy.buffer);
      this.buffers.push(copy.buffer as ArrayBuffer);
      return copy;
    }
    // A view into a bigger buffer (a slice, a wasm memory) is copied: moving it would move, or fail
    // to move, everything else in that buffer.
    const owns = view.byteOffset === 0 && view.byteLength === buf.byteLength && buf instanceof ArrayBuffer && !this.seen.has(buf);
    const out = owns ? view : copyView(view);
    this.seen.add(out.buffer);
    this.buffers.push(out.buffer as ArrayBuffer);
    return out;
  }
}

function copyView<T extends ArrayBufferView>(view: T): T {
  const Ctor = view.constructor as new (b: ArrayBuffer) => T;
  const bytes = new Uint8Array(view.byteLength);
  bytes.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  const elem = (view as unknown as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT;
  return elem ? new Ctor(bytes.buffer) : (new DataView(bytes.buffer) as unknown as T);
}

export function encodeBatch(batch: RecordBatch, transfers: TransferList): EncodedBatch {
  const before = transfers.bytes;
  const columns = batch.data.children.map((c) => encodeData(c, transfers));
  return { encoded: true, fields: batch.schema.fields.map(encodeField), length: batch.numRows, columns, bytes: transfers.bytes - before };
}

export function decodeBatch(e: EncodedBatch): RecordBatch {
  const fields = e.fields.map(decodeField);
  const children = e.columns.map(decodeData);
  const data = makeData({ type: new Struct(fields), length: e.length, nullCount: 0, children });
  return new RecordBatch(new Schema(fields), data);
}

/** Copies an encoded batch (own buffers) so the original can be transferred elsewhere too. */
export function cloneEncoded(e: EncodedBatch, transfers: TransferList): EncodedBatch {
  const cloneData = (d: EncodedData): EncodedData => ({
    ...d,
    buffers: d.buffers.map((b) => (b ? transfers.take(copyView(b)) : undefined)) as unknown as EncodedData['buffers'],
    children: d.children.map(cloneData),
    ...(d.dictionary ? { dictionary: d.dictionary.map(cloneData) } : {}),
  });
  return { ...e, columns: e.columns.map(cloneData) };
}

/** Adds an encoded batch's buffers to a transfer list (when forwarding it to a worker). */
export function collectTransfers(e: EncodedBatch, transfers: TransferList): EncodedBatch {
  const walk = (d: EncodedData): EncodedData => ({
    ...d,
    buffers: d.buffers.map((b) => (b ? transfers.take(b) : undefined)) as unknown as EncodedData['buffers'],
    children: d.children.map(walk),
    ...(d.dictionary ? { dictionary: d.dictionary.map(walk) } : {}),
  });
  return { ...e, columns: e.columns.map(walk) };
}

/** Dictionaries are copied, never moved: readers share one dictionary across batches (and keep it
 *  for the next task), so moving it would detach it under them. They are small by nature. */
function encodeData(d: Data, transfers: TransferList, inDictionary = false): EncodedData {
  const raw = d as unknown as { valueOffsets?: ArrayBufferView; values?: ArrayBufferView; nullBitmap?: ArrayBufferView; typeIds?: ArrayBufferView };
  const take = (v: ArrayBufferView | undefined): View => (v && v.byteLength > 0 ? transfers.take(v, inDictionary) : v);
  const dict = d.dictionary ? d.dictionary.data.map((x) => encodeData(x, transfers, true)) : undefined;
  return {
    type: encodeType(d.type),
    offset: d.offset,
    length: d.length,
    nullCount: d.nullCount,
    buffers: [take(raw.valueOffsets), take(raw.values), take(raw.nullBitmap), take(raw.typeIds)],
    children: d.children.map((c) => encodeData(c, transfers, inDictionary)),
    ...(dict ? { dictionary: dict } : {}),
  };
}

function decodeData(e: EncodedData): Data {
  const type = decodeType(e.type);
  const dictionary = e.dictionary && type instanceof Dictionary
    ? new Vector(e.dictionary.map(decodeData))
    : undefined;
  const [valueOffsets, values, nullBitmap, typeIds] = e.buffers;
  const buffers = [valueOffsets, values, nullBitmap, typeIds] as unknown as ConstructorParameters<typeof Data>[4];
  return new Data(type, e.offset, e.length, e.nullCount, buffers, e.children.map(decodeData), dictionary);
}

function encodeField(f: Field): FieldDesc {
  const metadata = f.metadata.size > 0 ? [...f.metadata.entries()] : undefined;
  return { name: f.name, nullable: f.nullable, type: encodeType(f.type), ...(metadata ? { metadata } : {}) };
}

function decodeField(f: FieldDesc): Field {
  return new Field(f.name, decodeType(f.type), f.nullable, f.metadata ? new Map(f.metadata) : null);
}

export function encodeType(t: DataType): TypeDesc {
  switch (t.typeId) {
    case Type.Null: return { t: 'null' };
    case Type.Bool: return { t: 'bool' };
    case Type.Utf8: return { t: 'utf8' };
    case Type.LargeUtf8: return { t: 'largeUtf8' };
    case Type.Binary: return { t: 'binary' };
    case Type.LargeBinary: return { t: 'largeBinary' };
    case Type.Int: { const i = t as Int; return { t: 'int', bits: i.bitWidth, signed: i.isSigned }; }
    case Type.Float: return { t: 'float', precision: (t as Float).precision };
    case Type.Date: return { t: 'date', unit: (t as Date_).unit };
    case Type.Time: { const x = t as Time; return { t: 'time', unit: x.unit, bits: x.bitWidth }; }
    case Type.Timestamp: { const x = t as Timestamp; return { t: 'timestamp', unit: x.unit, tz: x.timezone ?? null }; }
    case Type.Duration: return { t: 'duration', unit: (t as Duration).unit };
    case Type.List: return { t: 'list', child: encodeField((t as List).children[0]!) };
    case Type.FixedSizeList: { const x = t as FixedSizeList; return { t: 'fixedSizeList', size: x.listSize, child: encodeField(x.children[0]!) }; }
    case Type.Struct: return { t: 'struct', children: (t as Struct).children.map(encodeField) };
    case Type.Dictionary: {
      const x = t as Dictionary;
      return { t: 'dictionary', id: Number(x.id), indices: encodeType(x.indices), values: encodeType(x.dictionary), ordered: x.isOrdered };
    }
    default: throw new Error(`cannot send Arrow type ${String(t)} between threads (transfer codec)`);
  }
}

export function decodeType(d: TypeDesc): DataType {
  switch (d.t) {
    case 'null': return new Null();
    case 'bool': return new Bool();
    case 'utf8': return new Utf8();
    case 'largeUtf8': return new LargeUtf8();
    case 'binary': return new Binary();
    case 'largeBinary': return new LargeBinary();
    case 'int': return new Int(d.signed, d.bits);
    case 'float': return new Float(d.precision);
    case 'date': return new Date_(d.unit);
    case 'time': return new Time(d.unit, d.bits);
    case 'timestamp': return new Timestamp(d.unit, d.tz);
    case 'duration': return new Duration(d.unit);
    case 'list': return new List(decodeField(d.child));
    case 'fixedSizeList': return new FixedSizeList(d.size, decodeField(d.child));
    case 'struct': return new Struct(d.children.map(decodeField));
    case 'dictionary': return new Dictionary(decodeType(d.values), decodeType(d.indices) as Int32, d.id, d.ordered);
  }
}
