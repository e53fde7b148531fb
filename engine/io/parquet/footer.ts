// Reads a Parquet file's footer (metadata only, never data pages) into what the engine needs:
// the schema in engine types, row counts, and per row group the byte size and min/max/null
// statistics of every top-level column (for row-group pruning).

import { open } from 'node:fs/promises';
import type { Field, Schema } from '../../types.ts';
import { dictionaryColumns } from './dictionary-hint.ts';
import { CompactReader, type ThriftStruct, type ThriftValue } from './thrift-compact.ts';

/** Parquet physical types (parquet.thrift `Type`). */
const PT = { BOOLEAN: 0, INT32: 1, INT64: 2, INT96: 3, FLOAT: 4, DOUBLE: 5, BYTE_ARRAY: 6, FIXED: 7 } as const;

export type StatValue = number | bigint | boolean | Uint8Array;

export interface ColumnStats {
  readonly min?: StatValue;
  readonly max?: StatValue;
  readonly nullCount?: number;
  /** A float column whose statistics do not prove it free of NaN: min/max leave NaN out (the
   *  format asks writers to; pyarrow does), so they bound only its other values. Only a
   *  nan_count of 0 (Statistics field 9, newer writers) proves there is none. */
  readonly mayHoldNaN?: boolean;
}

/** Where a top-level leaf column's chunk lies in the file and how it is stored (for our own decoder). */
export interface ColumnChunkInfo {
  /** parquet.thrift CompressionCodec: 0 UNCOMPRESSED, 1 SNAPPY, ... */
  readonly codec: number;
  /** parquet.thrift Encoding values used anywhere in the chunk (pages and levels). */
  readonly encodings: readonly number[];
  /** File offset of the chunk's first page (the dictionary page when there is one). */
  readonly start: number;
  readonly compressedBytes: number;
  readonly uncompressedBytes: number;
  readonly numValues: number;
  readonly hasDictionaryPage: boolean;
}

export interface RowGroupInfo {
  readonly index: number;
  readonly numRows: number;
  readonly compressedBytes: number;
  /** Keyed by top-level column name; leaf columns only (vectors have no usable stats). */
  readonly stats: ReadonlyMap<string, ColumnStats>;
  /** Keyed by top-level column name; flat leaf columns only. */
  readonly chunks: ReadonlyMap<string, ColumnChunkInfo>;
}

/** How a flat top-level column is stored: what our own decoder needs beyond the engine field. */
export interface LeafColumn {
  readonly field: Field;
  /** Parquet physical type (parquet.thrift `Type`). */
  readonly physical: number;
  /** 0 required, 1 optional, 2 repeated. */
  readonly repetition: number;
  /** INT64 timestamps: factor to microseconds (1000 for ms, 1/1000 for ns). */
  readonly tsToMicros?: number;
  /** INT32 annotated unsigned 32-bit (read as int64) or INT64 annotated unsigned 64-bit (read as
   *  int64: a value beyond int64's range is an error naming the column, never a wrapped value). */
  readonly unsigned: boolean;
  /** DECIMAL columns (INT32, INT64 or FIXED_LEN_BYTE_ARRAY), read as float64: the unscaled
   *  integer divided by 10^scale. */
  readonly decimalScale?: number;
  /** FIXED_LEN_BYTE_ARRAY: bytes per value. */
  readonly typeLength?: number;
  /** FIXED_LEN_BYTE_ARRAY(16) annotated UUID, read as its 36-character text. */
  readonly uuid?: boolean;
  /** FIXED_LEN_BYTE_ARRAY(2) annotated FLOAT16 (IEEE half precision, little-endian), read as float64. */
  readonly float16?: boolean;
}

export interface ParquetFooter {
  readonly path: string;
  readonly fileBytes: number;
  readonly numRows: number;
  readonly schema: Schema;
  readonly rowGroups: readonly RowGroupInfo[];
  /** Flat top-level columns by name (nested ones are absent). */
  readonly leaves: ReadonlyMap<string, LeafColumn>;
  /** String columns the parquet-wasm path decodes as Dictionary<Int32, Utf8> (dictionary-hint.ts). */
  readonly dictionaryStrings: ReadonlySet<string>;
}

interface Element {
  type?: number; typeLength?: number; rep?: number; name: string; children: number; converted?: number;
  scale?: number; logical?: ThriftStruct;
}

const str = (v: ThriftValue | undefined): string => (v instanceof Uint8Array ? new TextDecoder().decode(v) : '');
const num = (v: ThriftValue | undefined): number | undefined => (typeof v === 'number' ? v : undefined);

function element(s: ThriftStruct): Element {
  return {
    type: num(s[1]), typeLength: num(s[2]), rep: num(s[3]), name: str(s[4]), children: num(s[5]) ?? 0,
    converted: num(s[6]), scale: num(s[7]), logical: s[10] as ThriftStruct | undefined,
  };
}

/** An element's engine field and what the decoder needs to read it (LeafColumn without repetition). */
type LeafInfo = Omit<LeafColumn, 'repetition' | 'unsigned'> & { readonly unsigned?: boolean };

const TYPE_NAMES = ['BOOLEAN', 'INT32', 'INT64', 'INT96', 'FLOAT', 'DOUBLE', 'BYTE_ARRAY', 'FIXED_LEN_BYTE_ARRAY'];

function leafType(e: Element, file: string): LeafInfo {
  const nullable = e.rep !== 0;
  const lt = e.logical;
  const of = (type: Field['type'], extra: Partial<LeafInfo> = {}): LeafInfo =>
    ({ field: { name: e.name, type, nullable }, physical: e.type!, ...extra });
  const unsupported = (what: string): never => {
    throw new Error(`${file}: column '${e.name}' has Parquet type ${what}, which Tributary cannot read; write the file without it or cast it to a supported type (bool, int32, int64, float64, decimal, string, date, timestamp), e.g. in DuckDB: COPY (SELECT * REPLACE (CAST("${e.name}" AS VARCHAR) AS "${e.name}") FROM 'file.parquet') TO 'fixed.parquet'`);
  };
  const decimal = lt?.[5] as ThriftStruct | undefined;
  if (decimal !== undefined || e.converted === 5) {
    // Read as float64 (the engine has no decimal type): exact up to 15-16 significant digits.
    const scale = num(decimal?.[1]) ?? e.scale ?? 0;
    if (e.type === PT.INT32 || e.type === PT.INT64 || e.type === PT.FIXED) return of('float64', { decimalScale: scale, typeLength: e.typeLength });
    return unsupported(`DECIMAL stored as ${TYPE_NAMES[e.type ?? -1] ?? e.type}`);
  }
  switch (e.type) {
    case PT.BOOLEAN: return of('bool');
    case PT.INT32: {
      if (lt?.[6] !== undefined || e.converted === 6) return of('date');
      const int = lt?.[10] as ThriftStruct | undefined;
      const unsigned32 = (int && int[2] === false && int[1] === 32) || e.converted === 13;
      return of(unsigned32 ? 'int64' : 'int32', { unsigned: !!unsigned32 });
    }
    case PT.INT64: {
      const int = lt?.[10] as ThriftStruct | undefined;
      if ((int && int[2] === false) || e.converted === 14) return of('int64', { unsigned: true });
      const ts = lt?.[8] as ThriftStruct | undefined;
      if (ts) {
        const unit = ts[2] as ThriftStruct | undefined;
        const factor = unit?.[1] !== undefined ? 1000 : unit?.[3] !== undefined ? 1 / 1000 : 1;
        return of('timestamp', { tsToMicros: factor });
      }
      if (e.converted === 9) return of('timestamp', { tsToMicros: 1000 });
      if (e.converted === 10) return of('timestamp', { tsToMicros: 1 });
      return of('int64');
    }
    // Impala / Spark legacy timestamps: nanoseconds of the day and a Julian day, read as UTC microseconds.
    case PT.INT96: return of('timestamp');
    case PT.FLOAT: case PT.DOUBLE: return of('float64');
    case PT.BYTE_ARRAY: return of('string');
    case PT.FIXED:
      if (lt?.[14] !== undefined && e.typeLength === 16) return of('string', { uuid: true, typeLength: 16 });
      if (lt?.[15] !== undefined && e.typeLength === 2) return of('float64', { float16: true, typeLength: 2 });
      return unsupported(e.converted === 21 ? 'INTERVAL' : 'FIXED_LEN_BYTE_ARRAY');
    default: return unsupported(String(e.type));
  }
}

/** A big-endian two's complement integer of 1 to 8 bytes as the nearest double (one rounding:
 *  the same as Number(BigInt), so values and statistics convert alike). */
export function bigEndianToDouble(b: Uint8Array, at: number, width: number): number {
  if (width <= 4) {
    let v = (b[at]! << 24) >> 24; // sign-extended first byte
    for (let i = 1; i < width; i++) v = v * 256 + b[at + i]!;
    return v;
  }
  const hiBytes = width - 4;
  let hi = (b[at]! << 24) >> 24;
  for (let i = 1; i < hiBytes; i++) hi = hi * 256 + b[at + i]!;
  const p = at + hiBytes;
  const lo = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  return hi * 4294967296 + lo;
}

/** A big-endian two's complement integer of any width as a double (via BigInt: exact rounding). */
export function bigEndianToDoubleWide(b: Uint8Array, at: number, width: number): number {
  if (width <= 8) return bigEndianToDouble(b, at, width);
  let v = BigInt((b[at]! << 24) >> 24);
  for (let i = 1; i < width; i++) v = (v << 8n) | BigInt(b[at + i]!);
  return Number(v);
}

function decimalStat(bytes: Uint8Array, leaf: LeafInfo): number | undefined {
  const div = 10 ** leaf.decimalScale!;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (leaf.physical === PT.INT32) return bytes.length === 4 ? dv.getInt32(0, true) / div : undefined;
  if (leaf.physical === PT.INT64) return bytes.length === 8 ? Number(dv.getBigInt64(0, true)) / div : undefined;
  // FIXED: only widths whose values convert with one rounding, as the decoder converts them (a
  // statistic converted differently from its value could prune a row group holding a match).
  return bytes.length === leaf.typeLength && bytes.length >= 1 && bytes.length <= 8 ? bigEndianToDouble(bytes, 0, bytes.length) / div : undefined;
}

function decodeStat(bytes: ThriftValue | undefined, leaf: LeafInfo): StatValue | undefined {
  if (!(bytes instanceof Uint8Array)) return undefined;
  if (leaf.decimalScale !== undefined) return decimalStat(bytes, leaf);
  if (leaf.uuid || leaf.float16) return undefined;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (leaf.physical) {
    case PT.BOOLEAN: return bytes.length >= 1 ? bytes[0] === 1 : undefined;
    case PT.INT32:
      if (bytes.length !== 4) return undefined;
      // uint32 columns are int64 in the engine (statistics as bigint, like every int64 column).
      return leaf.unsigned ? BigInt(dv.getUint32(0, true)) : dv.getInt32(0, true);
    case PT.INT64: {
      if (bytes.length !== 8) return undefined;
      // A uint64 statistic beyond int64 has no int64 value: no statistic (no pruning on it).
      if (leaf.unsigned) { const u = dv.getBigUint64(0, true); return u > 0x7fffffffffffffffn ? undefined : u; }
      const v = dv.getBigInt64(0, true);
      const f = leaf.tsToMicros;
      if (f === undefined || f === 1) return v;
      return f > 1 ? v * BigInt(f) : v / BigInt(Math.round(1 / f));
    }
    case PT.FLOAT: { const x = bytes.length === 4 ? dv.getFloat32(0, true) : NaN; return Number.isNaN(x) ? undefined : x; }
    case PT.DOUBLE: { const x = bytes.length === 8 ? dv.getFloat64(0, true) : NaN; return Number.isNaN(x) ? undefined : x; }
    case PT.BYTE_ARRAY: return bytes.slice();
    default: return undefined;
  }
}

function statsOf(meta: ThriftStruct, leaf: LeafInfo): ColumnStats {
  const s = meta[12] as ThriftStruct | undefined;
  if (!s) return {};
  // Fields 6/5 (min_value/max_value) use the column's sort order; the deprecated 2/1 were
  // written with signed byte order, which is only safe to use for numbers and booleans.
  // Unsigned columns' deprecated statistics were compared as signed: unusable too.
  const legacyOk = leaf.physical !== PT.BYTE_ARRAY && leaf.physical !== PT.FIXED && leaf.physical !== PT.INT96 && !leaf.unsigned;
  const min = decodeStat(s[6] ?? (legacyOk ? s[2] : undefined), leaf);
  const max = decodeStat(s[5] ?? (legacyOk ? s[1] : undefined), leaf);
  const float = (leaf.physical === PT.FLOAT || leaf.physical === PT.DOUBLE) && leaf.decimalScale === undefined;
  return { min, max, nullCount: num(s[3]), ...(float ? { mayHoldNaN: num(s[9]) !== 0 } : {}) };
}

function chunkInfo(meta: ThriftStruct): ColumnChunkInfo {
  const dataOffset = num(meta[9]) ?? 0;
  const dictOffset = num(meta[11]);
  // Some writers set dictionary_page_offset to 0 when there is none: only an offset before the
  // first data page is a dictionary page.
  const hasDictionaryPage = dictOffset !== undefined && dictOffset > 0 && dictOffset < dataOffset;
  return {
    codec: num(meta[4]) ?? 0,
    encodings: ((meta[2] as ThriftValue[] | undefined) ?? []).filter((x): x is number => typeof x === 'number'),
    start: hasDictionaryPage ? dictOffset : dataOffset,
    compressedBytes: num(meta[7]) ?? 0,
    uncompressedBytes: num(meta[6]) ?? 0,
    numValues: num(meta[5]) ?? 0,
    hasDictionaryPage,
  };
}

export function parseFooter(path: string, fileBytes: number, meta: Uint8Array): ParquetFooter {
  const fm = new CompactReader(meta).struct();
  const elements = ((fm[2] as ThriftStruct[]) ?? []).map(element);
  const fields: Field[] = [];
  const leaves = new Map<string, LeafInfo>(); // leaf path "a" or "a.list.element" -> info
  const flat = new Map<string, LeafColumn>();
  let i = 1;
  const root = elements[0];
  for (let c = 0; c < (root?.children ?? 0); c++) {
    const e = elements[i++]!;
    if (e.children === 0) {
      const leaf = leafType(e, path);
      fields.push(leaf.field);
      leaves.set(e.name, leaf);
      flat.set(e.name, { ...leaf, repetition: e.rep ?? 0, unsigned: leaf.unsigned ?? false });
      continue;
    }
    // A group: only LIST<double> (our `vector`) is supported; walk its subtree to find the leaf.
    const start = i;
    let pending = e.children;
    const names: string[] = [];
    let leafEl: Element | undefined;
    while (pending > 0) {
      const x = elements[i++]!;
      pending += x.children - 1;
      names.push(x.name);
      if (x.children === 0) leafEl = leafEl ? undefined : x;
    }
    const isList = e.converted === 3 || e.logical?.[3] !== undefined;
    if (!isList || !leafEl || (leafEl.type !== PT.DOUBLE && leafEl.type !== PT.FLOAT) || i - start > 2) {
      const isMap = e.converted === 1 || e.converted === 2 || e.logical?.[2] !== undefined;
      const kind = isMap ? 'MAP' : isList ? 'LIST' : 'STRUCT';
      throw new Error(`${path}: column '${e.name}' is a nested Parquet ${kind} (${names.join(', ')}), which Tributary cannot read: it reads flat columns, and lists of numbers as vector columns. Flatten the file first, e.g. in DuckDB: COPY (SELECT * EXCLUDE ("${e.name}") FROM 'file.parquet') TO 'flat.parquet' to leave the column out, or ${kind === 'STRUCT' ? `SELECT "${e.name}".* ` : `unnest("${e.name}") `}to make flat columns of it`);
    }
    fields.push({ name: e.name, type: 'vector', nullable: e.rep !== 0 });
  }
  const rowGroups: RowGroupInfo[] = ((fm[4] as ThriftStruct[]) ?? []).map((rg, index) => {
    const stats = new Map<string, ColumnStats>();
    const chunks = new Map<string, ColumnChunkInfo>();
    let bytes = 0;
    for (const cc of (rg[1] as ThriftStruct[]) ?? []) {
      const meta = cc[3] as ThriftStruct | undefined;
      if (!meta) continue;
      bytes += num(meta[7]) ?? 0;
      const pathParts = ((meta[3] as Uint8Array[]) ?? []).map((b) => str(b));
      const leaf = pathParts.length === 1 ? leaves.get(pathParts[0]!) : undefined;
      if (leaf) stats.set(leaf.field.name, statsOf(meta, leaf));
      if (leaf && flat.has(pathParts[0]!)) chunks.set(pathParts[0]!, chunkInfo(meta));
    }
    return { index, numRows: num(rg[3]) ?? 0, compressedBytes: num(rg[6]) ?? bytes, stats, chunks };
  });
  let dictionaryStrings: ReadonlySet<string>;
  try {
    dictionaryStrings = new Set(dictionaryColumns(meta)?.dictionary ?? []);
  } catch {
    dictionaryStrings = new Set();
  }
  return { path, fileBytes, numRows: num(fm[3]) ?? 0, schema: { fields }, rowGroups, leaves: flat, dictionaryStrings };
}

const footerCache = new Map<string, { mtimeMs: number; size: number; footer: ParquetFooter }>();

/** The footer of one Parquet file (cached by path, size and modification time). */
export async function readFooter(path: string): Promise<ParquetFooter> {
  const fh = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new Error(`cannot open Parquet file ${path}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  });
  try {
    const st = await fh.stat();
    const hit = footerCache.get(path);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.footer;
    const notParquet = (why: string) => new Error(`${path} is not a Parquet file (${why})`);
    if (st.size < 12) throw notParquet('too small');
    const tail = Buffer.alloc(8);
    await fh.read(tail, 0, 8, st.size - 8);
    if (tail.toString('latin1', 4, 8) !== 'PAR1') throw notParquet('no PAR1 magic at the end');
    const len = tail.readUInt32LE(0);
    if (len + 12 > st.size) throw notParquet('footer length out of range');
    const meta = Buffer.alloc(len);
    await fh.read(meta, 0, len, st.size - 8 - len);
    let footer: ParquetFooter;
    try {
      footer = parseFooter(path, st.size, new Uint8Array(meta.buffer, meta.byteOffset, len));
    } catch (e) {
      if (e instanceof Error && e.message.startsWith(path)) throw e;
      throw notParquet(`unreadable footer: ${(e as Error).message}`);
    }
    footerCache.set(path, { mtimeMs: st.mtimeMs, size: st.size, footer });
    return footer;
  } finally {
    await fh.close();
  }
}
