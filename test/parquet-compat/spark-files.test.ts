// Spark-written Parquet files (pyspark: spark_writer.py, in the suite's shared Spark): codecs snappy,
// gzip, zstd, lz4_raw and Hadoop's lz4, INT96 / TIMESTAMP_MICROS / TIMESTAMP_MILLIS timestamps,
// decimals as INT32 / INT64 / FIXED_LEN_BYTE_ARRAY and all FIXED in the legacy format, dictionary
// on and off, parquet-mr's v2 writer (DATA_V2 pages, DELTA_BYTE_ARRAY strings), several row
// groups and pages, and a folder of part files. Each is read by Tributary (a source.parquet
// pipeline) and by DuckDB and compared value by value; the reader path of each file is asserted.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/exec/engine.ts';
import { duckdb } from '../../engine/compute/duckdb.test-helper.ts';
import { requirePyspark } from '../spark/run-spark.ts';
import { startSharedSpark } from '../spark/shared-spark.ts';
import { describeFile, firstDifference, type MatrixRow, printMatrix, type ReaderPath, readWithDuckdb, readWithTributary } from './compat-harness.ts';
import { runSparkWriter, type Written } from './python-writer.ts';

interface SparkFile {
  readonly name: string;
  readonly conf?: Record<string, string>;
  readonly options?: Record<string, string>;
  readonly parts?: number;
  /** The reader that must take every row group. */
  readonly reader: ReaderPath;
  /** A file of the same rows DuckDB reads, when it cannot read this one. */
  readonly reference?: string;
}

// Small row groups and pages (parquet-mr sizes them in bytes) so that every file has several.
const SMALL = { 'parquet.block.size': '131072', 'parquet.page.size': '16384' };
const codec = (c: string) => ({ 'spark.sql.parquet.compression.codec': c });
const ts = (t: string) => ({ 'spark.sql.parquet.outputTimestampType': t });
const LEGACY = { 'spark.sql.parquet.writeLegacyFormat': 'true' };
const NO_DICT = { 'parquet.enable.dictionary': 'false' };
const V2 = { 'parquet.writer.version': 'v2' };

const FILES: SparkFile[] = [
  { name: 'snappy-int96', conf: { ...codec('snappy'), ...ts('INT96') }, options: SMALL, reader: 'own' },
  { name: 'snappy-micros-nodict', conf: { ...codec('snappy'), ...ts('TIMESTAMP_MICROS') }, options: { ...SMALL, ...NO_DICT }, reader: 'own' },
  { name: 'gzip-millis-legacy', conf: { ...codec('gzip'), ...ts('TIMESTAMP_MILLIS'), ...LEGACY }, options: SMALL, reader: 'own' },
  { name: 'zstd-int96-legacy-nodict', conf: { ...codec('zstd'), ...ts('INT96'), ...LEGACY }, options: { ...SMALL, ...NO_DICT }, reader: 'own' },
  { name: 'zstd-v2', conf: { ...codec('zstd'), ...ts('TIMESTAMP_MICROS') }, options: { ...SMALL, ...V2 }, reader: 'own' },
  { name: 'uncompressed-v2-legacy-nodict', conf: { ...codec('uncompressed'), ...ts('INT96'), ...LEGACY }, options: { ...SMALL, ...V2, ...NO_DICT }, reader: 'own' },
  { name: 'lz4raw-int96', conf: { ...codec('lz4_raw'), ...ts('INT96') }, options: SMALL, reader: 'own' },
  // The deprecated LZ4 codec, in Hadoop's framing. DuckDB does not read it: its reference is the
  // same rows with the same timestamp type in another codec.
  { name: 'lz4-hadoop', conf: { ...codec('lz4'), ...ts('TIMESTAMP_MICROS') }, options: SMALL, reader: 'own', reference: 'snappy-micros-nodict' },
  { name: 'folder-gzip-int96', parts: 2, conf: { ...codec('gzip'), ...ts('INT96') }, options: SMALL, reader: 'own' },
];

const ROWS = 6000;
const dir = mkdtempSync(join(tmpdir(), 'trib-pq-compat-spark-'));
const engine = new Engine({ threads: 1 });
let duck: DuckDBConnection;
let written: Written;
const matrix: MatrixRow[] = [];

beforeAll(async () => {
  requirePyspark();
  startSharedSpark();
  duck = await duckdb();
  written = await runSparkWriter(dir, { rows: ROWS, files: FILES });
}, 180_000);

afterAll(async () => {
  printMatrix('Spark-written files', matrix);
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Spark-written files', () => {
  for (const file of FILES) {
    it(file.name, async () => {
      const w = written.get(file.name);
      expect(w?.error, `Spark could not write ${file.name}`).toBeUndefined();
      const path = w!.path!;
      const described = await describeFile(path.endsWith('.parquet') ? path : firstPart(path));
      const ours = await readWithTributary(engine, path, dir);
      const theirs = await readWithDuckdb(duck, file.reference ? written.get(file.reference)!.path! : path);
      const diff = firstDifference(theirs.columns, ours.rows, theirs.rows);
      matrix.push({ writer: 'spark', file: file.name, codec: described.codec, encodings: described.summary, path: ours.path, result: diff ? 'FAIL' : 'ok' });
      expect(ours.columns).toEqual(theirs.columns);
      expect(ours.rows.length).toBe(ROWS);
      expect(ours.rowGroups).toBeGreaterThanOrEqual(file.parts ?? 3);
      expect(ours.path, `reader of ${file.name} (${described.summary})`).toBe(file.reader);
      expect(diff).toBeNull();
      const types = Object.fromEntries(ours.columns.map((c, i) => [c, ours.types[i]]));
      expect([types['d9'], types['d18'], types['d38'], types['ts'], types['ts_ntz']]).toEqual(['float64', 'float64', 'float64', 'timestamp', 'timestamp']);
    });
  }

  it('wrote what each file is meant to exercise', async () => {
    const enc = async (name: string) => (await describeFile(written.get(name)!.path!)).encodings;
    const { readFooter } = await import('../../engine/io/parquet/footer.ts');
    const leaf = async (name: string, col: string) => (await readFooter(written.get(name)!.path!)).leaves.get(col)!;
    expect((await leaf('snappy-int96', 'ts')).physical).toBe(3); // INT96
    expect((await leaf('snappy-int96', 'd38')).physical).toBe(7); // FIXED_LEN_BYTE_ARRAY
    expect((await leaf('snappy-int96', 'd9')).physical).toBe(1); // INT32
    expect((await leaf('gzip-millis-legacy', 'd9')).physical).toBe(7); // legacy: every decimal FIXED
    expect((await enc('zstd-v2')).get('s')).toContain('DELTA_BYTE_ARRAY');
    expect((await enc('zstd-v2')).get('i64')).toContain('DELTA_BINARY_PACKED');
    expect((await enc('uncompressed-v2-legacy-nodict')).get('d18')).toContain('DELTA_BYTE_ARRAY');
    expect((await enc('snappy-int96')).get('s_low')).toContain('PLAIN_DICT');
    expect([...(await enc('snappy-micros-nodict')).get('s_low')!]).toEqual(['PLAIN']);
  });
});

function firstPart(folder: string): string {
  return join(folder, readdirSync(folder).filter((f) => f.endsWith('.parquet')).sort()[0]!);
}
