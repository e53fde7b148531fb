// DuckDB's PARQUET_VERSION v2 files (DELTA_BINARY_PACKED integers, dates and timestamps,
// BYTE_STREAM_SPLIT floats, DELTA_LENGTH_BYTE_ARRAY strings) read by our own decoder over several
// row groups, against DuckDB's query results: parquet-wasm 0.8 cannot read them (it panics on
// the second row group), so no row group may fall back. Also DATA_V2 pages with those encodings
// (parquet-wasm writer), and a pipeline run by the Engine over such a file.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RecordBatch } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffRows, duckdb, query } from '../../../compute/duckdb.test-helper.ts';
import { Engine } from '../../../exec/engine.ts';
import { exactRows, readScan, scanOf } from '../../scan.test-helper.ts';
import { readFooter } from '../footer.ts';
import { parquetReadStats } from '../read.ts';
import { Encoding, PageType, readPageHeader } from './page-header.ts';
import { SINGLE_INPUT_CASES } from '../../../../test/differential/cases.ts';
import {
  compareResults, duckResult, engineResult, makeDims, makeFacts, openDuck, pipelineDoc, writeDataset, type Dataset,
} from '../../../../test/differential/harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'trib-pq-delta-'));
let duck: DuckDBConnection;

beforeAll(async () => { duck = await duckdb(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Integers of every width: runs, wraps, extremes, random bits (wide miniblocks), constants, nulls. */
const COLUMNS = `
  range::BIGINT AS id,
  CASE WHEN range % 7 = 0 THEN NULL ELSE range::INT * -37 + 11 END AS i32,
  CASE WHEN range % 9 = 0 THEN NULL ELSE ((hash(range) % 4294967296)::BIGINT - 2147483648)::INT END AS i32_rand,
  CASE range % 50 WHEN 1 THEN 9223372036854775807 WHEN 2 THEN -9223372036854775808 WHEN 3 THEN NULL
    ELSE range * 1000000007 END AS i64,
  CASE WHEN range % 11 = 0 THEN NULL ELSE (hash(range) >> 1)::BIGINT * (CASE WHEN range % 2 = 0 THEN 1 ELSE -1 END) END AS i64_rand,
  CASE range % 40 WHEN 5 THEN 2147483647 WHEN 6 THEN -2147483648 ELSE (range % 100)::INT END AS i32_ext,
  (42)::BIGINT AS const64,
  (range % 100)::SMALLINT AS i16,
  ((range * 1000003) % 4294967296)::UINTEGER AS u32,
  CASE WHEN range % 13 = 0 THEN NULL ELSE DATE '1999-12-25' + (range % 3000)::INT END AS dt,
  CASE WHEN range % 6 = 0 THEN NULL ELSE TIMESTAMP '2020-01-01' + INTERVAL (range * 37) SECOND END AS ts,
  (TIMESTAMP '2001-02-03 04:05:06.789' + INTERVAL (range) SECOND)::TIMESTAMP_MS AS ts_ms,
  (TIMESTAMP '2001-02-03 04:05:06.123456' + INTERVAL (range) MINUTE)::TIMESTAMP_NS AS ts_ns,
  CASE WHEN range % 5 = 0 THEN NULL ELSE range / 3.0 END AS dbl,
  (range % 1000)::FLOAT / 8 - 40 AS f32,
  CASE WHEN range % 11 = 0 THEN NULL WHEN range % 17 = 0 THEN '' ELSE 's' || range || repeat('é', (range % 7)::INT) END AS uniq,
  NULL::BIGINT AS null_i64,
  NULL::VARCHAR AS null_s`;

/** The same columns from DuckDB as our rows hold them (timestamps as microseconds, u32 widened). */
const DUCK_SELECT = 'id, i32, i32_rand, i64, i64_rand, i32_ext, const64, i16, u32::BIGINT, dt, ts, ts_ms::TIMESTAMP, ts_ns::TIMESTAMP, dbl, f32, uniq, null_i64, null_s';

async function readOwn(path: string, columns?: string[]): Promise<{ batches: RecordBatch[]; fallback: number; decoded: number }> {
  const before = { ...parquetReadStats };
  const batches = await readScan(await scanOf('parquet', { path }, columns), 3);
  return { batches, fallback: parquetReadStats.rowGroupsFallback - before.rowGroupsFallback, decoded: parquetReadStats.rowGroupsDecoded - before.rowGroupsDecoded };
}

async function expectSameAsDuck(path: string, select: string, rowGroups: number): Promise<void> {
  const own = await readOwn(path);
  expect(own.fallback).toBe(0);
  expect(own.decoded).toBe(rowGroups);
  const theirs = await query(duck, `SELECT ${select} FROM read_parquet('${path}') ORDER BY id`);
  const ours = exactRows(own.batches).sort((a, b) => Number(a[0]) - Number(b[0]));
  expect(diffRows(ours, theirs, true)).toBeNull();
}

/** Encodings named by any chunk of each column, and the page types of the file. */
async function fileEncodings(path: string): Promise<{ byColumn: Map<string, Set<number>>; pageTypes: Set<number>; rowGroups: number }> {
  const footer = await readFooter(path);
  const bytes = readFileSync(path);
  const byColumn = new Map<string, Set<number>>();
  const pageTypes = new Set<number>();
  for (const rg of footer.rowGroups) {
    for (const [name, chunk] of rg.chunks) {
      const set = byColumn.get(name) ?? new Set<number>();
      chunk.encodings.forEach((e) => set.add(e));
      byColumn.set(name, set);
      for (let pos = chunk.start; pos < chunk.start + chunk.compressedBytes;) {
        const h = readPageHeader(bytes, pos);
        pageTypes.add(h.type);
        pos = h.bodyStart + h.compressedBytes;
      }
    }
  }
  return { byColumn, pageTypes, rowGroups: footer.rowGroups.length };
}

describe('DuckDB PARQUET_VERSION v2 files through our own decoder', () => {
  for (const codec of ['snappy', 'uncompressed']) {
    it(`several row groups, every affected type, nulls, extremes (${codec})`, async () => {
      const path = join(dir, `v2-${codec}.parquet`);
      await duck.run(`COPY (SELECT ${COLUMNS} FROM range(10000)) TO '${path}' (FORMAT parquet, PARQUET_VERSION v2, ROW_GROUP_SIZE 1000, COMPRESSION ${codec})`);
      const { byColumn, rowGroups } = await fileEncodings(path);
      expect(rowGroups).toBeGreaterThanOrEqual(5);
      for (const c of ['id', 'i32', 'i32_rand', 'i64', 'i64_rand', 'u32', 'dt', 'ts', 'ts_ms', 'ts_ns']) {
        expect(byColumn.get(c)!.has(Encoding.DELTA_BINARY_PACKED), c).toBe(true);
      }
      expect(byColumn.get('dbl')!.has(Encoding.BYTE_STREAM_SPLIT)).toBe(true);
      expect(byColumn.get('f32')!.has(Encoding.BYTE_STREAM_SPLIT)).toBe(true);
      expect(byColumn.get('uniq')!.has(Encoding.DELTA_LENGTH_BYTE_ARRAY)).toBe(true);
      await expectSameAsDuck(path, DUCK_SELECT, rowGroups);
    });
  }

  it('row groups of odd sizes and a projection of single columns', async () => {
    const path = join(dir, 'v2-odd.parquet');
    await duck.run(`COPY (SELECT ${COLUMNS} FROM range(4099)) TO '${path}' (FORMAT parquet, PARQUET_VERSION v2, ROW_GROUP_SIZE 1000)`);
    const { rowGroups } = await fileEncodings(path);
    expect(rowGroups).toBeGreaterThan(1);
    await expectSameAsDuck(path, DUCK_SELECT, rowGroups);
    for (const [col, sql] of [['i64_rand', 'i64_rand'], ['dt', 'dt'], ['uniq', 'uniq'], ['f32', 'f32']]) {
      const own = await readOwn(path, [col!]);
      expect(own.fallback).toBe(0);
      const theirs = await query(duck, `SELECT ${sql} FROM read_parquet('${path}')`);
      expect(diffRows(exactRows(own.batches), theirs, true)).toBeNull();
    }
  });

  it('a string column dictionary-encoded in its first row groups and DELTA_LENGTH_BYTE_ARRAY in the later ones', async () => {
    const path = join(dir, 'v2-mixed.parquet');
    await duck.run(`COPY (SELECT range::BIGINT AS id, CASE WHEN range < 2500 THEN 'k' || (range % 5) WHEN range % 10 = 0 THEN NULL ELSE 'u' || range END AS mixed,
      range::HUGEINT AS huge, (range % 100)::TINYINT AS i8, random() AS rnd FROM range(8000)) TO '${path}' (FORMAT parquet, PARQUET_VERSION v2, ROW_GROUP_SIZE 2000)`);
    const footer = await readFooter(path);
    const encodings = footer.rowGroups.map((rg) => rg.chunks.get('mixed')!.encodings);
    expect(encodings[0]).toContain(Encoding.RLE_DICTIONARY);
    expect(encodings[3]).toContain(Encoding.DELTA_LENGTH_BYTE_ARRAY);
    await expectSameAsDuck(path, 'id, mixed, huge::DOUBLE, i8, rnd', footer.rowGroups.length);
  });

  it('DATA_V2 pages with DELTA_BINARY_PACKED, BYTE_STREAM_SPLIT and DELTA_LENGTH_BYTE_ARRAY values (parquet-wasm writer)', async () => {
    const src = join(dir, 'v1-source.parquet');
    const cols = 'id, i32, i64, i64_rand, dt, ts, dbl, f32, uniq';
    await duck.run(`COPY (SELECT ${cols} FROM (SELECT ${COLUMNS} FROM range(30000))) TO '${src}' (FORMAT parquet, ROW_GROUP_SIZE 100000, PARQUET_VERSION v1)`);
    const { readParquet, writeParquet, WriterPropertiesBuilder, WriterVersion, Compression, Encoding: WasmEncoding } = await import('parquet-wasm/node');
    const path = join(dir, 'wasm-v2-delta.parquet');
    let props = new WriterPropertiesBuilder().setWriterVersion(WriterVersion.V2).setCompression(Compression.SNAPPY)
      .setMaxRowGroupSize(12_000).setDataPageSizeLimit(8192).setDictionaryEnabled(false);
    for (const c of ['id', 'i32', 'i64', 'i64_rand', 'dt', 'ts']) props = props.setColumnEncoding(c, WasmEncoding.DELTA_BINARY_PACKED);
    for (const c of ['dbl', 'f32']) props = props.setColumnEncoding(c, WasmEncoding.BYTE_STREAM_SPLIT);
    props = props.setColumnEncoding('uniq', WasmEncoding.DELTA_LENGTH_BYTE_ARRAY);
    writeFileSync(path, writeParquet(readParquet(readFileSync(src)), props.build()));
    const { byColumn, pageTypes, rowGroups } = await fileEncodings(path);
    expect(pageTypes.has(PageType.DATA_V2)).toBe(true);
    expect(byColumn.get('i64')!.has(Encoding.DELTA_BINARY_PACKED)).toBe(true);
    expect(byColumn.get('dbl')!.has(Encoding.BYTE_STREAM_SPLIT)).toBe(true);
    expect(byColumn.get('uniq')!.has(Encoding.DELTA_LENGTH_BYTE_ARRAY)).toBe(true);
    expect(rowGroups).toBe(3);
    await expectSameAsDuck(path, cols, rowGroups);
  });
});

describe('a pipeline over a DuckDB v2 Parquet file, run by the Engine, against DuckDB', () => {
  let ds: Dataset;
  let conn: { conn: DuckDBConnection; close(): void };
  const engine = new Engine({ threads: 2 });
  beforeAll(async () => {
    ds = writeDataset([makeFacts(21, 3000), makeDims(21)]);
    conn = await openDuck(ds);
    for (const t of ds.tables) {
      await conn.conn.run(`COPY ${t.name} TO '${join(ds.dir, `${t.name}.parquet`)}' (FORMAT parquet, PARQUET_VERSION v2, ROW_GROUP_SIZE 400)`);
    }
  });
  afterAll(async () => {
    conn.close();
    await engine.close();
    ds.cleanup();
  });

  const cases = SINGLE_INPUT_CASES.filter((c) => /^(filter|derive|aggregate by a string key|sort on a date|limit keeps)/.test(c.name));
  it('has the cases it means to run', () => expect(cases.length).toBe(6));
  for (const c of cases) {
    it(c.name, async () => {
      const before = { ...parquetReadStats };
      const want = await duckResult(conn.conn, c.sql);
      for (const partitions of [1, 3]) {
        const got = await engineResult(engine, pipelineDoc(ds, c.nodes, c.edges, 'parquet'), c.output, partitions, ds.dir);
        expect(compareResults(got, want, c.ordered === true), `${c.name} at ${partitions} partitions`).toBeNull();
      }
      // Pool workers count in their own threads: only the inline run's row groups show here.
      expect(parquetReadStats.rowGroupsFallback - before.rowGroupsFallback).toBe(0);
    });
  }
});
