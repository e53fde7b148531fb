// RecordBatch <-> a plain object of typed arrays that crosses threads by transfer, not by copy.
//
// Ownership is explicit. A buffer is either
//   - owned: a plain ArrayBuffer held by exactly one batch; only its owner puts it in a transfer
//     list, and after the move nobody on this side may touch it;
//   - shared: a SharedArrayBuffer (shareEncoded), made once for data read by several tasks (a
//     broadcast build side, a node read by several consumers); it is sent by reference and is
//     never in a transfer list;
//   - pinned: a buffer that outlives the task (dictionaries that readers keep for their next
//     batch, caches; pinBuffer); it is copied, never moved.
// encodeBatch() moves a view only when it covers its whole (owned, unpinned) ArrayBuffer and no
// other view of the same message uses it; otherwise (a slice, a wasm memory, a buffer used twice)
// it sends a compact copy. A zero-length view is replaced by a fresh empty one: structured clone
// keeps the identity of a buffer cloned twice in one message, so two batches of one reply would
// otherwise come back sharing one empty ArrayBuffer, and the first task to move it would detach
// it under the other (the "Cannot transfer object of unsupported type" of pooled runs).
// A view over an already detached buffer is a bug in ownership: it is reported with its column.
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

/** Buffers that outlive one task (see above): copied when sent, never moved. */
const pinned = new WeakSet<ArrayBufferLike>();

/** Marks a buffer as kept beyond the current task (a reader's dictionary, a cache): never moved. */
export function pinBuffer(buffer: ArrayBufferLike): void {
  pinned.add(buffer);
}

export function isShared(buffer: ArrayBufferLike): boolean {
  return Object.prototype.toString.call(buffer) === '[object SharedArrayBuffer]';
}

export function isDetached(buffer: ArrayBufferLike): boolean {
  return (buffer as { detached?: boolean }).detached === true;
}

/** A buffer was moved to another thread while this side still used it. */
export class DetachedBufferError extends Error {
  constructor(where: string) {
    super(`cannot send ${where} to another thread: its buffer was already moved away (detached); a buffer has two owners, which is a bug in the engine`);
    this.name = 'DetachedBufferError';
  }
}

/** Collects the ArrayBuffers of one message; each appears once. */
export class TransferList {
  readonly buffers: ArrayBuffer[] = [];
  private readonly seen = new Set<ArrayBufferLike>();
  bytes = 0;

  /** The view to put in the message: itself when its buffer can move (or is shared), else a compact copy. */
  take<T extends ArrayBufferView>(view: T, forceCopy = false): T {
    const buf = view.buffer;
    if (isDetached(buf)) throw new DetachedBufferError('a column');
    this.bytes += view.byteLength;
    if (view.byteLength === 0) return emptyLike(view);
    if (isShared(buf)) return view;
    // A view into a bigger buffer (a slice, a wasm memory) is copied: moving it would move, or fail
    // to move, everything else in that buffer.
    const owns = !forceCopy && view.byteOffset === 0 && view.byteLength === buf.byteLength
      && Object.prototype.toString.call(buf) === '[object ArrayBuffer]' && !this.seen.has(buf) && !pinned.has(buf);
    const out = owns ? view : copyView(view);
    this.seen.add(out.buffer);
    this.buffers.push(out.buffer as ArrayBuffer);
    return out;
  }
}

function emptyLike<T extends ArrayBufferView>(view: T): T {
  const elem = (view as unknown as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT;
  return elem ? new (view.constructor as new (n: number) => T)(0) : (new DataView(new ArrayBuffer(0)) as unknown as T);
}

function copyView<T extends ArrayBufferView>(view: T, shared = false): T {
  const Ctor = view.constructor as new (b: ArrayBufferLike) => T;
  const target = shared ? new SharedArrayBuffer(view.byteLength) : new ArrayBuffer(view.byteLength);
  const bytes = new Uint8Array(target);
  bytes.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  const elem = (view as unknown as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT;
  return elem ? new Ctor(target) : (new DataView(target) as unknown as T);
}

export function encodeBatch(batch: RecordBatch, transfers: TransferList): EncodedBatch {
  const before = transfers.bytes;
  const columns = batch.data.children.map((c, i) => {
    try {
      return encodeData(c, transfers);
    } catch (e) {
      if (e instanceof DetachedBufferError) throw new DetachedBufferError(`column '${batch.schema.fields[i]?.name ?? i}'`);
      throw e;
    }
  });
  return { encoded: true, fields: batch.schema.fields.map(encodeField), length: batch.numRows, columns, bytes: transfers.bytes - before };
}

export function decodeBatch(e: EncodedBatch): RecordBatch {
  const fields = e.fields.map(decodeField);
  const children = e.columns.map(decodeData);
  const data = makeData({ type: new Struct(fields), length: e.length, nullCount: 0, children });
  return new RecordBatch(new Schema(fields), data);
}

/** A copy of an encoded batch in SharedArrayBuffers, made once for data read by several tasks:
 *  every reader gets the same copy by reference, none moves it. */
export function shareEncoded(e: EncodedBatch): EncodedBatch {
  const share = (d: EncodedData): EncodedData => ({
    ...d,
    buffers: d.buffers.map((b) => {
      if (!b) return undefined;
      if (isDetached(b.buffer)) throw new DetachedBufferError(`a batch of columns ${e.fields.map((f) => f.name).join(', ')}`);
      return isShared(b.buffer) ? b : b.byteLength === 0 ? emptyLike(b) : copyView(b, true);
    }) as unknown as EncodedData['buffers'],
    children: d.children.map(share),
    ...(d.dictionary ? { dictionary: d.dictionary.map(share) } : {}),
  });
  return { ...e, columns: e.columns.map(share) };
}

/** Adds an encoded batch's buffers to a transfer list: its single owner forwards it to a worker. */
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
 *  for the next task), so moving it would detach it under them. They are small by nature. Their
 *  buffers are pinned too, so that a kernel passing dictionary values on as a plain column (they
 *  own their whole buffer) does not move them either. */
function encodeData(d: Data, transfers: TransferList, inDictionary = false): EncodedData {
  const raw = d as unknown as { valueOffsets?: ArrayBufferView; values?: ArrayBufferView; nullBitmap?: ArrayBufferView; typeIds?: ArrayBufferView };
  const take = (v: ArrayBufferView | undefined): View => {
    if (!v) return v;
    if (inDictionary) pinned.add(v.buffer);
    return transfers.take(v, inDictionary);
  };
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
