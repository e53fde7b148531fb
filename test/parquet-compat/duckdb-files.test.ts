// DuckDB-written Parquet files of every column type DuckDB writes flat, under every codec and both
// PARQUET_VERSIONs, several row groups each: read by Tributary (a source.parquet pipeline) and by
// DuckDB, every value compared. Each file must be read by our own decoder (no row group on the
// parquet-wasm fallback, which panics on multi-row-group v2 files): a regression shows here.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/exec/engine.ts';
import { duckdb } from '../../engine/compute/duckdb.test-helper.ts';
import { describeFile, firstDifference, type MatrixRow, printMatrix, readWithDuckdb, readWithTributary } from './compat-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'trib-pq-compat-duck-'));
const engine = new Engine({ threads: 1 });
let duck: DuckDBConnection;
const matrix: MatrixRow[] = [];

beforeAll(async () => { duck = await duckdb(); });
afterAll(async () => {
  printMatrix('DuckDB-written files', matrix);
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every flat type, nulls in each nullable column, extremes, unicode and empty strings, a
 *  low-cardinality column (dictionary pages) beside high-cardinality ones. */
const COLUMNS = `
  range::BIGINT AS id,
  CASE WHEN range % 5 = 0 THEN NULL ELSE range % 2 = 0 END AS b,
  (range % 200 - 100)::TINYINT AS i8,
  CASE WHEN range % 7 = 0 THEN NULL ELSE (range * 37 % 65536 - 32768)::SMALLINT END AS i16,
  CASE WHEN range % 11 = 0 THEN NULL WHEN range % 50 = 1 THEN 2147483647 WHEN range % 50 = 2 THEN -2147483648 ELSE (range * -7919)::INT END AS i32,
  CASE range % 50 WHEN 3 THEN 9223372036854775807 WHEN 4 THEN -9223372036854775808 WHEN 5 THEN NULL ELSE range * 1000000007 END AS i64,
  (range % 250)::UTINYINT AS u8,
  (range * 13 % 65536)::USMALLINT AS u16,
  CASE WHEN range % 9 = 0 THEN NULL ELSE (range * 2654435761 % 4294967296)::UINTEGER END AS u32,
  CASE WHEN range % 8 = 0 THEN NULL WHEN range % 50 = 6 THEN 9223372036854775807::UBIGINT ELSE (range * 1000000007)::UBIGINT END AS u64,
  range::HUGEINT * 1000000000000 AS huge,
  CASE WHEN range % 6 = 0 THEN NULL ELSE (range % 1000)::FLOAT / 8 - 40 END AS f32,
  CASE WHEN range % 4 = 0 THEN NULL ELSE range / 3.0 * (CASE WHEN range % 2 = 0 THEN 1 ELSE -1 END) END AS f64,
  CASE WHEN range % 10 = 0 THEN NULL ELSE ((range % 600 - 300) * 1.5)::DECIMAL(4, 1) END AS d4,
  CASE WHEN range % 10 = 1 THEN NULL ELSE ((range - 3000) * 1.25)::DECIMAL(9, 2) END AS d9,
  CASE WHEN range % 10 = 2 THEN NULL ELSE (range * 12345.6789 - 10000000)::DECIMAL(18, 4) END AS d18,
  CASE WHEN range % 10 = 3 THEN NULL WHEN range % 97 = 0 THEN 12345678901234567890123456.789012::DECIMAL(38, 6)
    ELSE ((range - 3000) * 1234567.891)::DECIMAL(38, 6) END AS d38,
  CASE WHEN range % 12 = 0 THEN NULL ELSE ('00000000-0000-4000-8000-' || lpad(printf('%x', range * 7919), 12, '0'))::UUID END AS uid,
  CASE WHEN range % 11 = 0 THEN NULL WHEN range % 17 = 0 THEN '' ELSE 's' || range || repeat('é', (range % 7)::INT) || '日本' END AS s,
  CASE WHEN range % 13 = 0 THEN NULL ELSE 'k' || (range % 5) END AS s_low,
  CASE WHEN range % 14 = 0 THEN NULL ELSE DATE '1999-12-25' + (range % 3000)::INT END AS dt,
  CASE WHEN range % 15 = 0 THEN NULL ELSE TIMESTAMP '2020-01-01' + INTERVAL (range * 37) SECOND + INTERVAL (range % 1000) MICROSECOND END AS ts,
  (TIMESTAMP '2001-02-03 04:05:06.789' + INTERVAL (range) SECOND)::TIMESTAMP_MS AS ts_ms,
  (TIMESTAMP '2001-02-03 04:05:06.123456' + INTERVAL (range) MINUTE)::TIMESTAMP_NS AS ts_ns,
  CASE WHEN range % 16 = 0 THEN NULL ELSE TIMESTAMPTZ '2021-06-01 12:00:00+00' + INTERVAL (range) HOUR END AS tstz,
  NULL::DECIMAL(18, 3) AS null_dec`;

const ROWS = 6000;
const CODECS = ['uncompressed', 'snappy', 'gzip', 'zstd', 'lz4_raw', 'brotli'];

describe('DuckDB-written files: every codec, PARQUET_VERSION v1 and v2, several row groups', () => {
  for (const version of ['v1', 'v2']) {
    for (const codec of CODECS) {
      it(`${codec} ${version}`, async () => {
        const path = join(dir, `duck-${codec}-${version}.parquet`);
        await duck.run(`COPY (SELECT ${COLUMNS} FROM range(${ROWS})) TO '${path}' (FORMAT parquet, COMPRESSION ${codec}, PARQUET_VERSION ${version}, ROW_GROUP_SIZE 2048)`);
        const file = await describeFile(path);
        const ours = await readWithTributary(engine, path, dir);
        const theirs = await readWithDuckdb(duck, path);
        const diff = firstDifference(theirs.columns, ours.rows, theirs.rows);
        matrix.push({ writer: 'duckdb', file: `${codec} ${version}`, codec: file.codec, encodings: file.summary, path: ours.path, result: diff ? 'FAIL' : 'ok' });
        expect(ours.columns).toEqual(theirs.columns);
        expect(ours.rowGroups).toBeGreaterThanOrEqual(3);
        expect(ours.path, `row groups on the parquet-wasm fallback (${file.summary})`).toBe('own');
        expect(diff).toBeNull();
        if (version === 'v2') {
          // The encodings v2 brings are the ones exercised: integers DELTA_BINARY_PACKED, floats BYTE_STREAM_SPLIT.
          expect(file.encodings.get('i64')).toContain('DELTA_BINARY_PACKED');
          expect(file.encodings.get('f64')).toContain('BYTE_STREAM_SPLIT');
        }
      });
    }
  }

  it('maps the types as footer.ts says: decimals and HUGEINT float64, UBIGINT and UINTEGER int64, UUID string', async () => {
    const path = join(dir, 'duck-types.parquet');
    await duck.run(`COPY (SELECT ${COLUMNS} FROM range(10)) TO '${path}' (FORMAT parquet)`);
    const ours = await readWithTributary(engine, path, dir);
    const type = (c: string) => ours.types[ours.columns.indexOf(c)];
    expect(['d4', 'd9', 'd18', 'd38', 'huge', 'f32', 'null_dec'].map(type)).toEqual(Array(7).fill('float64'));
    expect(['u32', 'u64', 'i64'].map(type)).toEqual(['int64', 'int64', 'int64']);
    expect(['i8', 'i16', 'u8', 'u16', 'i32'].map(type)).toEqual(Array(5).fill('int32'));
    expect(['uid', 's'].map(type)).toEqual(['string', 'string']);
    expect(['ts', 'ts_ms', 'ts_ns', 'tstz'].map(type)).toEqual(Array(4).fill('timestamp'));
  });
});
