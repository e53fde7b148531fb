// The encodings and conversions DuckDB does not write, against references: DELTA_BYTE_ARRAY
// strings and decimals, BYTE_STREAM_SPLIT integers and decimals (DATA_V2 pages from the
// parquet-wasm writer, several row groups, nulls) against DuckDB's reading of the same rows;
// INT96 and FIXED_LEN_BYTE_ARRAY decimal conversion against BigInt arithmetic; LZ4 blocks
// (overlapping matches, Hadoop framing, corrupt input) against hand-built bytes.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdb } from '../../../compute/duckdb.test-helper.ts';
import { exactRows, readScan, scanOf } from '../../scan.test-helper.ts';
import { parquetReadStats } from '../read.ts';
import { bigEndianToDoubleWide } from '../footer.ts';
import { firstDifference, describeFile, readWithDuckdb } from '../../../../test/parquet-compat/compat-harness.ts';
import { fixedDecimalToDouble, int96ToMicros } from './converted-values.ts';
import { lz4HadoopDecompress, lz4RawDecompress } from './lz4-raw.ts';

const dir = mkdtempSync(join(tmpdir(), 'trib-pq-converted-'));
let duck: DuckDBConnection;

beforeAll(async () => { duck = await duckdb(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COLUMNS = `
  range::BIGINT AS id,
  CASE WHEN range % 7 = 0 THEN NULL ELSE (range * -7919 + 11)::INT END AS i32,
  CASE range % 50 WHEN 3 THEN 9223372036854775807 WHEN 4 THEN -9223372036854775808 WHEN 5 THEN NULL ELSE range * 1000000007 END AS i64,
  CASE WHEN range % 11 = 0 THEN NULL WHEN range % 17 = 0 THEN '' ELSE 'prefix-shared-' || (range // 10) || '-' || range || repeat('é', (range % 5)::INT) END AS s,
  CASE WHEN range % 9 = 0 THEN NULL ELSE ((range - 15000) * 1.25)::DECIMAL(9, 2) END AS d9,
  CASE WHEN range % 8 = 0 THEN NULL WHEN range % 97 = 0 THEN -12345678901234567890123456.7891::DECIMAL(38, 4) ELSE ((range - 15000) * 1234567.891)::DECIMAL(38, 4) END AS d38`;

describe('encodings from the parquet-wasm writer (DATA_V2 pages, several row groups)', () => {
  it('DELTA_BYTE_ARRAY strings and FIXED decimals, BYTE_STREAM_SPLIT INT32, INT64 and FIXED decimals read as DuckDB reads them', async () => {
    const src = join(dir, 'source.parquet');
    await duck.run(`COPY (SELECT ${COLUMNS} FROM range(30000)) TO '${src}' (FORMAT parquet, ROW_GROUP_SIZE 100000)`);
    const { readParquet, writeParquet, WriterPropertiesBuilder, WriterVersion, Compression, Encoding } = await import('parquet-wasm/node');
    const variants: [string, Record<string, number>][] = [
      ['delta-byte-array', { s: Encoding.DELTA_BYTE_ARRAY, d38: Encoding.DELTA_BYTE_ARRAY }],
      ['byte-stream-split', { i32: Encoding.BYTE_STREAM_SPLIT, i64: Encoding.BYTE_STREAM_SPLIT, d9: Encoding.BYTE_STREAM_SPLIT, d38: Encoding.BYTE_STREAM_SPLIT }],
    ];
    const reference = await readWithDuckdb(duck, src);
    for (const [name, encodings] of variants) {
      let props = new WriterPropertiesBuilder().setWriterVersion(WriterVersion.V2).setCompression(Compression.ZSTD)
        .setMaxRowGroupSize(12_000).setDataPageSizeLimit(8192).setDictionaryEnabled(false);
      for (const [col, enc] of Object.entries(encodings)) props = props.setColumnEncoding(col, enc);
      const path = join(dir, `${name}.parquet`);
      writeFileSync(path, writeParquet(readParquet(readFileSync(src)), props.build()));
      const file = await describeFile(path);
      for (const [col, enc] of Object.entries(encodings)) {
        expect(file.encodings.get(col), `${name} ${col}`).toContain(enc === Encoding.DELTA_BYTE_ARRAY ? 'DELTA_BYTE_ARRAY' : 'BYTE_STREAM_SPLIT');
      }
      const before = parquetReadStats.rowGroupsFallback;
      const batches = await readScan(await scanOf('parquet', { path }), 2);
      expect(parquetReadStats.rowGroupsFallback - before, name).toBe(0);
      const ours = exactRows(batches).sort((a, b) => Number(a[0]) - Number(b[0]));
      expect(firstDifference(reference.columns, ours, reference.rows), name).toBeNull();
    }
  });
});

describe('FLOAT16 columns (FIXED_LEN_BYTE_ARRAY(2), parquet-wasm writer)', () => {
  it('every half-precision bit pattern reads as DuckDB reads it (PLAIN), also BYTE_STREAM_SPLIT, with nulls', async () => {
    const { Float16, Int32, makeData, makeVector, Table, tableToIPC } = await import('apache-arrow');
    const { Table: WasmTable, writeParquet, WriterPropertiesBuilder, WriterVersion, Encoding } = await import('parquet-wasm/node');
    const n = 65_536;
    const validity = new Uint8Array(n / 8).fill(0xff);
    for (let i = 0; i < n; i += 13) validity[i >>> 3]! &= ~(1 << (i & 7));
    const bits = Uint16Array.from({ length: n }, (_, i) => i);
    const table = new Table({
      id: makeVector(makeData({ type: new Int32(), length: n, data: Int32Array.from({ length: n }, (_, i) => i) })),
      h: makeVector(makeData({ type: new Float16(), length: n, nullCount: Math.ceil(n / 13), nullBitmap: validity, data: bits })),
    });
    for (const [name, encoding] of [['plain', Encoding.PLAIN], ['bss', Encoding.BYTE_STREAM_SPLIT]] as const) {
      const path = join(dir, `float16-${name}.parquet`);
      const props = new WriterPropertiesBuilder().setWriterVersion(WriterVersion.V2).setMaxRowGroupSize(20_000)
        .setDictionaryEnabled(false).setColumnEncoding('h', encoding).build();
      writeFileSync(path, writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')), props));
      const before = parquetReadStats.rowGroupsFallback;
      const batches = await readScan(await scanOf('parquet', { path }), 2);
      expect(parquetReadStats.rowGroupsFallback - before, name).toBe(0);
      expect(batches[0]!.schema.fields[1]!.type.toString()).toBe('Float64');
      const ours = exactRows(batches).sort((a, b) => Number(a[0]) - Number(b[0]));
      // DuckDB reads BYTE_STREAM_SPLIT only for FLOAT and DOUBLE: the PLAIN file is the reference for both.
      const theirs = await readWithDuckdb(duck, join(dir, 'float16-plain.parquet'));
      expect(theirs.rows.filter((r) => r[1] === null).length).toBe(Math.ceil(n / 13));
      expect(firstDifference(theirs.columns, ours, theirs.rows), name).toBeNull();
    }
  });
});

/** INT96 bytes: nanoseconds of the day (8 bytes LE), then the Julian day (4 bytes LE). */
function int96(julianDay: number, nanos: bigint): Uint8Array {
  const b = new Uint8Array(12);
  const dv = new DataView(b.buffer);
  dv.setBigInt64(0, nanos, true);
  dv.setInt32(8, julianDay, true);
  return b;
}

describe('INT96 timestamps', () => {
  it('convert to UTC microseconds as days * 86400e6 + trunc(nanos / 1000), near 1970 and centuries away', () => {
    const cases: [number, bigint][] = [
      [2_440_588, 0n], [2_440_588, 86_399_999_999_999n], [2_440_587, 123_456_789n], [2_458_850, 45_296_789_123_456n],
      [2_086_308, 1_000n], [3_000_000, 999n], [1_721_426, 43_200_000_000_000n], [0, 5_000n], [2_440_588, -1_500n],
    ];
    const src = new Uint8Array(cases.length * 12);
    cases.forEach(([d, n], i) => src.set(int96(d, n), i * 12));
    const out = new BigInt64Array(cases.length + 1);
    int96ToMicros(src, 0, cases.length, out, 1);
    cases.forEach(([d, n], i) => expect(out[i + 1], `day ${d} nanos ${n}`).toBe(BigInt(d - 2_440_588) * 86_400_000_000n + n / 1000n));
  });
});

describe('FIXED_LEN_BYTE_ARRAY decimals', () => {
  it('convert as Number(BigInt(unscaled)) / 10^scale exactly, for every width from 1 to 16 bytes', () => {
    let seed = 7;
    const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed & 0xff; };
    for (let width = 1; width <= 16; width++) {
      const count = 200;
      const src = new Uint8Array(count * width);
      for (let i = 0; i < src.length; i++) src[i] = rand();
      // Some values only extend their sign past 8 bytes (the wide fast path), some are all 0xff / 0x00.
      for (let i = 0; i < count; i += 3) for (let b = 0; b < Math.max(0, width - 8); b++) src[i * width + b] = src[i * width + width - 8]! & 0x80 ? 0xff : 0;
      src.fill(0xff, 0, width);
      for (const scale of [0, 2, 6, 18]) {
        const out = new Float64Array(count);
        fixedDecimalToDouble(width, scale)(src, 0, count, out, 0);
        for (let i = 0; i < count; i++) {
          let v = BigInt.asIntN(8 * width, 0n);
          for (let b = 0; b < width; b++) v = (v << 8n) | BigInt(src[i * width + b]!);
          v = BigInt.asIntN(8 * width, v);
          expect(out[i], `width ${width} scale ${scale} value ${v}`).toBe(Number(v) / 10 ** scale);
          expect(bigEndianToDoubleWide(src, i * width, width)).toBe(Number(v));
        }
      }
    }
  });
});

describe('LZ4', () => {
  // Literals "ab", a match 2 back of 6 bytes (overlapping: "ababab"), then the literals-only last sequence "c".
  const BLOCK = Uint8Array.from([0x22, 97, 98, 0x02, 0x00, 0x10, 99]);

  it('a raw block with an overlapping match', () => {
    expect(new TextDecoder().decode(lz4RawDecompress(BLOCK, 9))).toBe('ababababc');
  });

  it('the Hadoop framing: blocks of chunks', () => {
    const framed = Uint8Array.from([0, 0, 0, 18, 0, 0, 0, 7, ...BLOCK, 0, 0, 0, 7, ...BLOCK]);
    expect(new TextDecoder().decode(lz4HadoopDecompress(framed, 18))).toBe('ababababcababababc');
    expect(lz4HadoopDecompress(BLOCK, 9)).toBeUndefined(); // not framed: parquet-wasm gets the row group
  });

  it('corrupt blocks throw instead of reading or writing out of bounds', () => {
    expect(() => lz4RawDecompress(BLOCK.subarray(0, 4), 9)).toThrow(/corrupt/);
    expect(() => lz4RawDecompress(Uint8Array.from([0x22, 97, 98, 0x09, 0x00, 0x10, 99]), 9)).toThrow(/before the start/);
    expect(() => lz4RawDecompress(BLOCK, 8)).toThrow(/past/);
    expect(() => lz4RawDecompress(BLOCK, 12)).toThrow(/9 bytes, 12 expected/);
  });
});
