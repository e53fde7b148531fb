// Differential tests of our own Parquet decoder: files written by DuckDB (every supported type,
// nulls, unicode and empty strings, many pages, v1 and v2 pages, Snappy and uncompressed) and by
// our own writer are read with it and compared with DuckDB's query results and with the
// parquet-wasm path; files it cannot decode fall back per row group and still read correctly.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DateDay, Float64, Int32, Int64, type RecordBatch, Timestamp, TimeUnit } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffRows, duckdb, query } from '../../../compute/duckdb.test-helper.ts';
import { exactRows, readScan, scanOf } from '../../scan.test-helper.ts';
import { readFooter } from '../footer.ts';
import { parquetDecode, parquetReadStats } from '../read.ts';
import { Encoding, PageType, readPageHeader } from './page-header.ts';
import { Codec, SUPPORTED_CODECS } from './codec.ts';
import { boolData, fixedData, makeBatch, utf8Data } from '../../../compute/arrow-build.ts';
import { writeParquetFile } from '../write.ts';

const dir = mkdtempSync(join(tmpdir(), 'trib-pq-decode-'));
let duck: DuckDBConnection;

beforeAll(async () => { duck = await duckdb(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every supported type, with columns of no, some and only nulls. */
const COLUMNS = `
  range::BIGINT AS id,
  range::INT - 5000 AS i32,
  CASE WHEN range % 7 = 0 THEN NULL ELSE range * 1000000007 END AS i64,
  CASE WHEN range % 5 = 0 THEN NULL ELSE range / 3.0 END AS dbl,
  (range % 1000)::FLOAT / 8 AS f32,
  CASE WHEN range % 3 = 0 THEN NULL ELSE range % 2 = 0 END AS b,
  (range % 4 = 1) AS b_req,
  CASE range % 6 WHEN 0 THEN NULL WHEN 1 THEN '' WHEN 2 THEN 'Zürich' WHEN 3 THEN '日本' ELSE 'k' || (range % 40) END AS cat,
  CASE WHEN range % 11 = 0 THEN NULL ELSE 's' || range || repeat('é', (range % 7)::INT) END AS uniq,
  NULL::VARCHAR AS null_s,
  NULL::DOUBLE AS null_d,
  CASE WHEN range % 13 = 0 THEN NULL ELSE DATE '1999-12-25' + (range % 3000)::INT END AS dt,
  TIMESTAMP '2020-01-01' + INTERVAL (range * 37) SECOND AS ts,
  (TIMESTAMP '2001-02-03 04:05:06.789' + INTERVAL (range) SECOND)::TIMESTAMP_MS AS ts_ms,
  (TIMESTAMP '2001-02-03 04:05:06.123456' + INTERVAL (range) MINUTE)::TIMESTAMP_NS AS ts_ns,
  ((range * 1000003) % 4294967296)::UINTEGER AS u32,
  (range % 100)::SMALLINT AS i16,
  (range % 9)::BIGINT AS low64,
  ((range % 17) * 0.25)::DOUBLE AS lowdbl`;

/** The same columns from DuckDB as our rows hold them (timestamps as microseconds). */
const DUCK_SELECT = `id, i32, i64, dbl, f32, b, b_req, cat, uniq, null_s, null_d, dt, ts, ts_ms::TIMESTAMP, ts_ns::TIMESTAMP, u32::BIGINT, i16, low64, lowdbl`;

async function write(name: string, rows: number, options: string, columns = COLUMNS): Promise<string> {
  const path = join(dir, name);
  await duck.run(`COPY (SELECT ${columns} FROM range(${rows})) TO '${path}' (FORMAT parquet, ${options})`);
  return path;
}

async function read(path: string, decoder: 'own' | 'parquet-wasm', columns?: string[]): Promise<{ batches: RecordBatch[]; fallback: number; decoded: number }> {
  const before = { ...parquetReadStats };
  parquetDecode.decoder = decoder;
  try {
    const batches = await readScan(await scanOf('parquet', { path }, columns), 3);
    return { batches, fallback: parquetReadStats.rowGroupsFallback - before.rowGroupsFallback, decoded: parquetReadStats.rowGroupsDecoded - before.rowGroupsDecoded };
  } finally {
    parquetDecode.decoder = 'own';
  }
}

const typesOf = (batches: readonly RecordBatch[]) => [...new Set(batches.map((b) => b.schema.fields.map((f) => `${f.name}:${f.type.toString()}`).join()))];

/** Data pages per column chunk of the file (to check that a case covers many pages and page v2). */
async function pageKinds(path: string): Promise<{ maxDataPages: number; types: Set<number> }> {
  const footer = await readFooter(path);
  const bytes = readFileSync(path);
  let maxDataPages = 0;
  const types = new Set<number>();
  for (const rg of footer.rowGroups) {
    for (const chunk of rg.chunks.values()) {
      let pos = chunk.start;
      let pages = 0;
      while (pos < chunk.start + chunk.compressedBytes) {
        const h = readPageHeader(bytes, pos);
        types.add(h.type);
        if (h.type !== PageType.DICTIONARY) pages++;
        pos = h.bodyStart + h.compressedBytes;
      }
      maxDataPages = Math.max(maxDataPages, pages);
    }
  }
  return { maxDataPages, types };
}

async function expectSameAsDuckAndWasm(path: string, columns?: string[], select = DUCK_SELECT): Promise<number> {
  const own = await read(path, 'own', columns);
  const wasm = await read(path, 'parquet-wasm', columns);
  expect(typesOf(own.batches)).toEqual(typesOf(wasm.batches));
  expect(own.batches.every((b) => b.numRows <= 65_536)).toBe(true);
  expect(exactRows(own.batches)).toEqual(exactRows(wasm.batches));
  const theirs = await query(duck, `SELECT ${select} FROM read_parquet('${path}') ORDER BY id`);
  const ours = exactRows(own.batches).sort((a, b) => Number(a[0]) - Number(b[0]));
  expect(diffRows(ours, theirs, true)).toBeNull();
  return own.fallback;
}

describe('own Parquet decoder against DuckDB and parquet-wasm', () => {
  it('v1 pages, Snappy, small row groups: every type, nulls, unicode, high-cardinality strings', async () => {
    const path = await write('v1-snappy.parquet', 20_000, 'ROW_GROUP_SIZE 3000, COMPRESSION snappy, PARQUET_VERSION v1');
    expect(await expectSameAsDuckAndWasm(path)).toBe(0);
    const footer = await readFooter(path);
    expect(footer.dictionaryStrings.has('cat')).toBe(true); // decoded as Dictionary<Int32, Utf8>
    expect(footer.dictionaryStrings.has('uniq')).toBe(false);
  });

  it('v1 pages, uncompressed, batches sliced from big row groups', async () => {
    const columns = `${COLUMNS}, repeat('w', 200) || range AS wide`;
    const path = await write('v1-plain-pages.parquet', 150_000, 'ROW_GROUP_SIZE 100000, COMPRESSION uncompressed, PARQUET_VERSION v1', columns);
    const wide = await read(path, 'own', ['id', 'wide']);
    expect(wide.fallback).toBe(0);
    expect(wide.batches.length).toBeGreaterThanOrEqual(3); // a row group of more than 65,536 rows is sliced
    const rows = exactRows(wide.batches);
    expect(rows.length).toBe(150_000);
    expect(rows.every(([id, w]) => w === 'w'.repeat(200) + String(id))).toBe(true);
    expect(await expectSameAsDuckAndWasm(path, undefined, `${DUCK_SELECT}, wide`)).toBe(0);
  });

  // Batches are decoded as they are taken (column-chunk.ts): a page longer than a batch is read
  // on where the last batch stopped (dictionary indices, PLAIN values and strings), or decoded at
  // once and copied out (DELTA_*, BYTE_STREAM_SPLIT, RLE booleans), with its nulls.
  it('pages longer than a batch, in every encoding, v1 and v2', async () => {
    for (const version of ['v1', 'v2']) {
      const path = await write(`long-pages-${version}.parquet`, 200_000, `ROW_GROUP_SIZE 200000, COMPRESSION snappy, PARQUET_VERSION ${version}`);
      const { maxDataPages } = await pageKinds(path);
      expect(maxDataPages).toBeLessThan(200_000 / 65_536); // some page holds more rows than a batch
      const encodings = new Set((await readFooter(path)).rowGroups[0]!.chunks.get('id')!.encodings);
      expect(encodings.has(Encoding.DELTA_BINARY_PACKED)).toBe(version === 'v2');
      const cols = ['id', 'i32', 'i64', 'dbl', 'f32', 'b', 'b_req', 'cat', 'uniq', 'null_s', 'dt', 'ts', 'low64', 'lowdbl'];
      const own = await read(path, 'own', cols);
      expect(own.fallback).toBe(0);
      expect(own.batches.length).toBeGreaterThanOrEqual(4);
      const theirs = await query(duck, `SELECT ${cols.join(', ')} FROM read_parquet('${path}') ORDER BY id`);
      const ours = exactRows(own.batches).sort((a, b) => Number(a[0]) - Number(b[0]));
      expect(diffRows(ours, theirs, true)).toBeNull();
    }
  });

  it('DuckDB PARQUET_VERSION v2: dictionary, boolean, DELTA and BYTE_STREAM_SPLIT columns decode (more in delta.test.ts)', async () => {
    for (const codec of ['snappy', 'uncompressed']) {
      const path = await write(`v2-${codec}.parquet`, 12_000, `ROW_GROUP_SIZE 5000, COMPRESSION ${codec}, PARQUET_VERSION v2`);
      const encodings = new Set((await readFooter(path)).rowGroups[0]!.chunks.get('id')!.encodings);
      expect(encodings.has(Encoding.DELTA_BINARY_PACKED)).toBe(true);
      const cols = ['cat', 'b', 'b_req', 'low64', 'null_s'];
      const own = await read(path, 'own', cols);
      expect(own.fallback).toBe(0);
      const wasm = await read(path, 'parquet-wasm', cols);
      expect(exactRows(own.batches)).toEqual(exactRows(wasm.batches));
      const theirs = await query(duck, `SELECT ${cols.join(', ')} FROM read_parquet('${path}')`);
      expect(diffRows(exactRows(own.batches), theirs, true)).toBeNull();
    }
    // Against parquet-wasm too: one row group and a few columns, as parquet-wasm 0.8 panics on the
    // second row group of DuckDB's DELTA_BINARY_PACKED columns and on some projections of the
    // first (those files only our decoder reads).
    const path = await write('v2-one-group.parquet', 12_000, 'ROW_GROUP_SIZE 100000, PARQUET_VERSION v2');
    expect(await expectSameAsDuckAndWasm(path, ['id', 'dbl', 'cat', 'ts'], 'id, dbl, cat, ts')).toBe(0);
  });

  it('ZSTD-compressed files read correctly: by our decoder where Node has zstd, else on the parquet-wasm fallback', async () => {
    const path = await write('zstd.parquet', 5000, 'ROW_GROUP_SIZE 2000, COMPRESSION zstd');
    expect(await expectSameAsDuckAndWasm(path)).toBe(SUPPORTED_CODECS.has(Codec.ZSTD) ? 0 : 3);
  });

  it('empty and all-null row groups, a projection of one column', async () => {
    const path = await write('nulls.parquet', 4000, 'ROW_GROUP_SIZE 1000, COMPRESSION snappy',
      `range::BIGINT AS id, CASE WHEN range < 2000 THEN NULL ELSE 'v' || (range % 3) END AS s, CASE WHEN range >= 1000 THEN NULL ELSE range END AS n`);
    expect(await expectSameAsDuckAndWasm(path, undefined, 'id, s, n')).toBe(0);
    const one = await read(path, 'own', ['s']);
    expect(exactRows(one.batches).filter(([s]) => s === null).length).toBe(2000);
  });
});

describe('own Parquet decoder on files of our own writer', () => {
  it('required and optional columns of every type (engine/io/parquet/write.ts)', async () => {
    const path = join(dir, 'own-writer.parquet');
    const n = 70_000;
    const valid = (k: number) => { const v = new Uint8Array((n + 7) >>> 3); for (let i = 0; i < n; i++) if (i % k !== 0) v[i >>> 3]! |= 1 << (i & 7); return v; };
    const words = ['', 'a', 'Zürich', '日本語', 'quote"d'];
    const enc = new TextEncoder();
    const offsets = new Int32Array(n + 1);
    const parts = Array.from({ length: n }, (_, i) => enc.encode(words[i % words.length]! + (i % 3 === 0 ? String(i) : '')));
    parts.forEach((p, i) => { offsets[i + 1] = offsets[i]! + p.length; });
    const bytes = new Uint8Array(offsets[n]!);
    parts.forEach((p, i) => bytes.set(p, offsets[i]!));
    const bits = new Uint8Array((n + 7) >>> 3);
    for (let i = 0; i < n; i += 3) bits[i >>> 3]! |= 1 << (i & 7);
    const cols = [
      fixedData(new Int64(), BigInt64Array.from({ length: n }, (_, i) => BigInt(i)), n),
      fixedData(new Int32(), Int32Array.from({ length: n }, (_, i) => i - 7), n, valid(4)),
      fixedData(new Float64(), Float64Array.from({ length: n }, (_, i) => i / 7), n, valid(9)),
      boolData(bits, n, valid(5)),
      utf8Data(offsets, bytes, n, valid(6)),
      utf8Data(offsets, bytes, n),
      fixedData(new DateDay(), Int32Array.from({ length: n }, (_, i) => i % 20_000), n),
      fixedData(new Timestamp(TimeUnit.MICROSECOND, 'UTC'), BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 1_000_003n), n, valid(8)),
    ];
    const names = ['id', 'i', 'd', 'b', 's', 's_req', 'dt', 'ts'];
    const nullable = [false, true, true, true, true, false, false, true];
    const batch = makeBatch(names, cols, n, nullable);
    await writeParquetFile(path, [batch.slice(0, 30_000), batch.slice(30_000)], 'snappy');
    expect((await pageKinds(path)).maxDataPages).toBeGreaterThan(1);
    const own = await read(path, 'own');
    expect(own.fallback).toBe(0);
    const wasm = await read(path, 'parquet-wasm');
    expect(typesOf(own.batches)).toEqual(typesOf(wasm.batches));
    expect(exactRows(own.batches)).toEqual(exactRows(wasm.batches));
    expect(exactRows(own.batches)).toEqual(exactRows([batch]));
    const theirs = await query(duck, `SELECT id, i, d, b, s, s_req, dt, ts::TIMESTAMP FROM read_parquet('${path}') ORDER BY id`);
    expect(diffRows(exactRows(own.batches), theirs, true)).toBeNull();
  });
});

describe('own Parquet decoder on data page v2', () => {
  it('DataPageV2 headers (levels outside the compressed values), RLE booleans, many pages (parquet-wasm writer, version 2)', async () => {
    const n = 50_000;
    const columns = `range::BIGINT AS id, CASE WHEN range % 3 = 0 THEN NULL ELSE range % 2 = 0 END AS b, range % 5 = 1 AS b_req,
      CASE WHEN range % 4 = 0 THEN NULL ELSE 'c' || (range % 30) END AS cat, CASE WHEN range % 6 = 0 THEN NULL ELSE range / 7.0 END AS dbl`;
    // Write with parquet-wasm directly: DuckDB's v2 files keep v1 page headers.
    const src = await write('v2-source.parquet', n, 'ROW_GROUP_SIZE 100000', columns);
    const { readParquet, writeParquet, WriterPropertiesBuilder, WriterVersion, Compression } = await import('parquet-wasm/node');
    for (const compression of [Compression.SNAPPY, Compression.UNCOMPRESSED]) {
      const path = join(dir, `wasm-v2-${compression}.parquet`);
      const props = new WriterPropertiesBuilder().setWriterVersion(WriterVersion.V2).setCompression(compression)
        .setMaxRowGroupSize(20_000).setDataPageSizeLimit(4096).build();
      writeFileSync(path, writeParquet(readParquet(readFileSync(src)), props));
      const kinds = await pageKinds(path);
      expect(kinds.types.has(PageType.DATA_V2)).toBe(true);
      expect(kinds.maxDataPages).toBeGreaterThan(1);
      const cols = ['id', 'b', 'b_req', 'cat', 'dbl'];
      const own = await read(path, 'own', cols);
      expect(own.fallback).toBe(0);
      const wasm = await read(path, 'parquet-wasm', cols);
      expect(exactRows(own.batches)).toEqual(exactRows(wasm.batches));
      const theirs = await query(duck, `SELECT ${cols.join(', ')} FROM read_parquet('${path}') ORDER BY id`);
      expect(diffRows(exactRows(own.batches), theirs, true)).toBeNull();
    }
  });

  it('a chunk whose dictionary fills up mid-chunk and goes on with PLAIN pages (parquet-wasm writer, small dictionary limit)', async () => {
    const n = 30_000;
    const columns = `range::BIGINT AS id, CASE WHEN range % 9 = 0 THEN NULL ELSE 'u' || range || 'é' END AS uniq,
      CASE WHEN range % 10 = 0 THEN NULL ELSE range / 11.0 END AS dbl, (range * 7919 % 100003)::INT AS i`;
    const src = await write('mixed-source.parquet', n, 'ROW_GROUP_SIZE 100000', columns);
    const { readParquet, writeParquet, WriterPropertiesBuilder, Compression } = await import('parquet-wasm/node');
    const path = join(dir, 'mixed-dictionary-plain.parquet');
    const props = new WriterPropertiesBuilder().setCompression(Compression.SNAPPY).setMaxRowGroupSize(12_000)
      .setDictionaryPageSizeLimit(4096).setDataPageSizeLimit(8192).build();
    writeFileSync(path, writeParquet(readParquet(readFileSync(src)), props));
    const chunk = (await readFooter(path)).rowGroups[0]!.chunks.get('uniq')!;
    expect(chunk.hasDictionaryPage).toBe(true);
    expect(chunk.encodings).toContain(Encoding.PLAIN);
    const cols = ['id', 'uniq', 'dbl', 'i'];
    const own = await read(path, 'own', cols);
    expect(own.fallback).toBe(0);
    const wasm = await read(path, 'parquet-wasm', cols);
    expect(exactRows(own.batches)).toEqual(exactRows(wasm.batches));
    const theirs = await query(duck, `SELECT ${cols.join(', ')} FROM read_parquet('${path}') ORDER BY id`);
    expect(diffRows(exactRows(own.batches), theirs, true)).toBeNull();
  });
});
