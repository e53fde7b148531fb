// Copies Arrow data out of parquet-wasm's memory through the Arrow C Data Interface: one memcpy
// per buffer, instead of serializing to an IPC stream in wasm, copying that out and parsing it.
// Handles the types Parquet files give the engine; anything else throws FfiUnsupported and the
// caller falls back to the IPC path.

import {
  Bool, type Data, DataType as ArrowType, DateDay, DateMillisecond, Dictionary, Field as ArrowField, FixedSizeList, Float32, Float64, Int16,
  Int32, Int64, Int8, LargeUtf8, List, makeData, RecordBatch, Schema as ArrowSchema, Struct, TimeUnit, Timestamp, Uint16, Uint32, Uint8, Utf8, Vector,
} from 'apache-arrow';

export class FfiUnsupported extends Error {}

interface SchemaNode { format: string; name: string; nullable: boolean; children: SchemaNode[]; dictionary?: SchemaNode }

const dec = new TextDecoder();

function cString(mem: Uint8Array, ptr: number): string {
  if (ptr === 0) return '';
  const end = mem.indexOf(0, ptr);
  return dec.decode(mem.subarray(ptr, end));
}

/** Reads an ArrowSchema struct (wasm32 layout) at `ptr`. */
export function readSchemaNode(buf: ArrayBuffer, ptr: number): SchemaNode {
  const dv = new DataView(buf);
  const mem = new Uint8Array(buf);
  const format = cString(mem, dv.getUint32(ptr, true));
  const name = cString(mem, dv.getUint32(ptr + 4, true));
  const flags = Number(dv.getBigInt64(ptr + 16, true));
  const nChildren = Number(dv.getBigInt64(ptr + 24, true));
  const childrenPtr = dv.getUint32(ptr + 32, true);
  const dictPtr = dv.getUint32(ptr + 36, true);
  const children: SchemaNode[] = [];
  for (let i = 0; i < nChildren; i++) children.push(readSchemaNode(buf, dv.getUint32(childrenPtr + 4 * i, true)));
  return { format, name, nullable: (flags & 2) !== 0, children, dictionary: dictPtr ? readSchemaNode(buf, dictPtr) : undefined };
}

export function typeOf(s: SchemaNode): ArrowType {
  const f = s.format;
  if (s.dictionary) {
    if (f !== 'i') throw new FfiUnsupported(`dictionary index ${f}`);
    return new Dictionary(typeOf(s.dictionary), new Int32());
  }
  switch (f) {
    case 'b': return new Bool();
    case 'c': return new Int8();
    case 'C': return new Uint8();
    case 's': return new Int16();
    case 'S': return new Uint16();
    case 'i': return new Int32();
    case 'I': return new Uint32();
    case 'l': return new Int64();
    case 'f': return new Float32();
    case 'g': return new Float64();
    case 'u': return new Utf8();
    case 'U': return new LargeUtf8();
    case 'tdD': return new DateDay();
    case 'tdm': return new DateMillisecond();
    case '+l': return new List(new ArrowField(s.children[0]!.name, typeOf(s.children[0]!), true));
    case '+s': return new Struct(s.children.map((c) => new ArrowField(c.name, typeOf(c), c.nullable)));
  }
  const ts = /^ts([smun]):(.*)$/.exec(f);
  if (ts) {
    const unit = { s: TimeUnit.SECOND, m: TimeUnit.MILLISECOND, u: TimeUnit.MICROSECOND, n: TimeUnit.NANOSECOND }[ts[1] as 's'];
    return new Timestamp(unit, ts[2] || null);
  }
  const fsl = /^\+w:(\d+)$/.exec(f);
  if (fsl) return new FixedSizeList(Number(fsl[1]), new ArrowField(s.children[0]!.name, typeOf(s.children[0]!), true));
  throw new FfiUnsupported(`format ${f}`);
}

const WIDTH: Record<string, number> = { c: 1, C: 1, s: 2, S: 2, i: 4, I: 4, l: 8, f: 4, g: 8, tdD: 4, tdm: 8 };

/** Reads (copying) the ArrowArray at `ptr` described by `s`. */
export function readArray(buf: ArrayBuffer, ptr: number, s: SchemaNode, type: ArrowType = typeOf(s)): Data {
  const dv = new DataView(buf);
  const length = Number(dv.getBigInt64(ptr, true));
  const nullCount = Number(dv.getBigInt64(ptr + 8, true));
  const offset = Number(dv.getBigInt64(ptr + 16, true));
  const buffersPtr = dv.getUint32(ptr + 40, true);
  const childrenPtr = dv.getUint32(ptr + 44, true);
  const dictPtr = dv.getUint32(ptr + 48, true);
  const bufferAt = (i: number) => dv.getUint32(buffersPtr + 4 * i, true);
  const copy = (p: number, bytes: number): Uint8Array => (p === 0 ? new Uint8Array(bytes) : new Uint8Array(buf, p, bytes).slice());
  const end = offset + length;
  const validityPtr = bufferAt(0);
  const nullBitmap = nullCount !== 0 && validityPtr !== 0 ? copy(validityPtr, (end + 7) >>> 3) : null;
  const nc = nullBitmap ? nullCount : 0;
  const f = s.format;
  if (s.dictionary) {
    const codes = new Int32Array(copy(bufferAt(1), end * 4).buffer);
    const dictType = (type as Dictionary).dictionary;
    const dict = readArray(buf, dictPtr, s.dictionary, dictType);
    return makeData({ type: type as Dictionary, offset, length, nullCount: nc, nullBitmap, data: codes, dictionary: new Vector([dict]) } as never);
  }
  if (f === 'b') return makeData({ type: type as Bool, offset, length, nullCount: nc, nullBitmap, data: copy(bufferAt(1), (end + 7) >>> 3) });
  const w = WIDTH[f] ?? (f.startsWith('ts') ? 8 : 0);
  if (w > 0) {
    const raw = copy(bufferAt(1), end * w).buffer;
    const arr = f === 'l' || f.startsWith('ts') || f === 'tdm' ? new BigInt64Array(raw) : f === 'g' ? new Float64Array(raw) : f === 'f' ? new Float32Array(raw)
      : f === 'i' || f === 'tdD' ? new Int32Array(raw) : f === 'I' ? new Uint32Array(raw) : f === 's' ? new Int16Array(raw)
        : f === 'S' ? new Uint16Array(raw) : f === 'c' ? new Int8Array(raw) : new Uint8Array(raw);
    return makeData({ type, offset, length, nullCount: nc, nullBitmap, data: arr } as never);
  }
  if (f === 'u') {
    const offs = new Int32Array(copy(bufferAt(1), (end + 1) * 4).buffer);
    const bytes = copy(bufferAt(2), offs[end]!);
    return makeData({ type: type as Utf8, offset, length, nullCount: nc, nullBitmap, valueOffsets: offs, data: bytes });
  }
  const fsl = /^\+w:(\d+)$/.exec(f);
  if (fsl) {
    const child = readArray(buf, dv.getUint32(childrenPtr, true), s.children[0]!);
    return makeData({ type: type as FixedSizeList, offset, length, nullCount: nc, nullBitmap, child } as never);
  }
  if (f === '+s') {
    const children = s.children.map((c, i) => readArray(buf, dv.getUint32(childrenPtr + 4 * i, true), c));
    return makeData({ type: type as Struct, offset, length, nullCount: nc, nullBitmap, children });
  }
  throw new FfiUnsupported(`format ${f}`);
}

/** The record batches of a parquet-wasm table, copied out through FFI (the table is not freed). */
export function batchesViaFfi(table: { toFFI(): { schemaAddr(): number; numArrays(): number; arrayAddr(i: number): number; free(): void } }, memory: () => { readonly buffer: ArrayBufferLike }): RecordBatch[] {
  const ffi = table.toFFI();
  try {
    const buf = memory().buffer as ArrayBuffer;
    const schema = readSchemaNode(buf, ffi.schemaAddr());
    const type = typeOf(schema) as Struct;
    const arrowSchema = new ArrowSchema(type.children);
    const out: RecordBatch[] = [];
    for (let i = 0; i < ffi.numArrays(); i++) out.push(new RecordBatch(arrowSchema, readArray(buf, ffi.arrayAddr(i), schema, type) as Data<Struct>));
    return out;
  } finally {
    ffi.free();
  }
}
