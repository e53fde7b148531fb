// Keeps Parquet's dictionary encoding of low-cardinality string columns when decoding.
//
// parquet-wasm (arrow-rs) decodes a dictionary-encoded string column to plain Utf8 unless the
// file's footer carries an Arrow schema ("ARROW:schema" key-value metadata) asking for
// Dictionary<Int32, Utf8>; files written by DuckDB, Spark or Polars carry none. Plain strings
// cost twice: every filter gathers their bytes and every group-by hashes them. With the
// dictionary kept, filters gather int32 codes and group-by takes the dictionary path (the
// dictionary is grouped once per batch, rows map codes).
//
// parquet-wasm offers no reader option for this, so the file is opened through a Blob whose
// footer has that metadata added: the data pages are the real file's bytes (column chunk offsets
// are absolute and unchanged), only the footer bytes at the end differ. arrow-rs uses a hint only
// where it matches the Parquet type (other columns get a Null hint, which it ignores), so the
// decoded values are the same; only their encoding changes.

import { openAsBlob } from 'node:fs';
import { open } from 'node:fs/promises';
import { Dictionary, Field as ArrowField, Int32, Null, Schema as ArrowSchema, Table, tableToIPC, Utf8 } from 'apache-arrow';
import { CompactReader, type ThriftStruct, type ThriftValue } from './thrift-compact.ts';

/** A dictionary page up to this size (compressed) is worth keeping: it is copied per batch. */
export const MAX_DICTIONARY_PAGE_BYTES = 64 * 1024;

const BYTE_ARRAY = 6;

const text = (v: ThriftValue | undefined): string => (v instanceof Uint8Array ? new TextDecoder().decode(v) : '');

/**
 * Names of the top-level string columns to read as dictionaries: every row group's chunk of the
 * column starts with a small dictionary page. Undefined when the file cannot take a hint (nested
 * columns, whose hint would have to repeat their structure, or an Arrow schema already present).
 */
export function dictionaryColumns(meta: Uint8Array): { all: string[]; dictionary: string[] } | undefined {
  const fm = new CompactReader(meta).struct();
  if (fm[5] !== undefined) return undefined;
  const elements = (fm[2] as ThriftStruct[] | undefined) ?? [];
  const root = elements[0];
  if (!root || elements.length !== 1 + ((root[5] as number | undefined) ?? 0)) return undefined; // nested groups
  const leaves = elements.slice(1);
  if (leaves.some((e) => ((e[5] as number | undefined) ?? 0) > 0 || e[3] === 2)) return undefined; // groups or repeated
  const all = leaves.map((e) => text(e[4]));
  const candidates = new Set(leaves.filter((e) => e[1] === BYTE_ARRAY).map((e) => text(e[4])));
  const rowGroups = (fm[4] as ThriftStruct[] | undefined) ?? [];
  if (rowGroups.length === 0) return undefined;
  for (const rg of rowGroups) {
    for (const cc of (rg[1] as ThriftStruct[] | undefined) ?? []) {
      const m = cc[3] as ThriftStruct | undefined;
      const name = text((m?.[3] as Uint8Array[] | undefined)?.[0]);
      if (!m || !candidates.has(name)) continue;
      const dictOffset = m[11] as number | undefined;
      const dataOffset = m[9] as number | undefined;
      if (dictOffset === undefined || dataOffset === undefined || dataOffset <= dictOffset || dataOffset - dictOffset > MAX_DICTIONARY_PAGE_BYTES) {
        candidates.delete(name);
      }
    }
  }
  return { all, dictionary: all.filter((n) => candidates.has(n)) };
}

/** The base64 IPC schema message arrow-rs reads from "ARROW:schema". */
function arrowSchemaHint(all: readonly string[], dictionary: ReadonlySet<string>): string {
  const schema = new ArrowSchema(all.map((n) => new ArrowField(n, dictionary.has(n) ? new Dictionary(new Utf8(), new Int32()) : new Null(), true)));
  const stream = tableToIPC(new Table(schema), 'stream');
  // The stream starts with the schema message: 0xFFFFFFFF, its length, the flatbuffer.
  const length = new DataView(stream.buffer, stream.byteOffset, stream.byteLength).getInt32(4, true);
  return Buffer.from(stream.subarray(0, 8 + length)).toString('base64');
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n = Math.floor(n / 128); }
  out.push(n);
  return out;
}

function binary(s: string): Uint8Array {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([Uint8Array.from(varint(b.length)), b]);
}

/** FileMetaData with field 5 (key_value_metadata: [ARROW:schema]) added before its stop byte. */
export function withKeyValue(meta: Uint8Array, key: string, value: string): Uint8Array {
  if (meta[meta.length - 1] !== 0) throw new Error('FileMetaData does not end with a stop byte');
  const kv = Buffer.concat([
    // Long-form field header (type list, zigzag id 5): the preceding field id may be above 5.
    Uint8Array.of(0x09, 10, 0x1c),
    Uint8Array.of(0x18), binary(key), Uint8Array.of(0x18), binary(value), Uint8Array.of(0x00),
  ]);
  return Buffer.concat([meta.subarray(0, meta.length - 1), kv, Uint8Array.of(0)]);
}

/**
 * A Blob of the Parquet file at `path` for parquet-wasm's ParquetFile: the file itself, or when
 * some string columns qualify, the file with a footer asking for them as dictionaries.
 */
export async function openParquetBlob(path: string): Promise<Blob> {
  const fileBlob = await openAsBlob(path);
  const fh = await open(path, 'r');
  let meta: Uint8Array;
  try {
    const size = (await fh.stat()).size;
    if (size < 12) return fileBlob;
    const tail = Buffer.alloc(8);
    await fh.read(tail, 0, 8, size - 8);
    const len = tail.readUInt32LE(0);
    if (tail.toString('latin1', 4, 8) !== 'PAR1' || len + 12 > size) return fileBlob;
    meta = Buffer.alloc(len);
    await fh.read(meta, 0, len, size - 8 - len);
  } finally {
    await fh.close();
  }
  let cols: ReturnType<typeof dictionaryColumns>;
  try {
    cols = dictionaryColumns(meta);
  } catch {
    return fileBlob; // an unreadable footer: let parquet-wasm report it
  }
  if (!cols || cols.dictionary.length === 0) return fileBlob;
  const newMeta = withKeyValue(meta, 'ARROW:schema', arrowSchemaHint(cols.all, new Set(cols.dictionary)));
  const newTail = Buffer.alloc(8);
  newTail.writeUInt32LE(newMeta.length, 0);
  newTail.write('PAR1', 4, 'latin1');
  // Blob parts are referenced, not read: the data pages still come from disk on demand.
  return new Blob([fileBlob.slice(0, fileBlob.size - 8 - meta.length), newMeta, newTail]);
}
