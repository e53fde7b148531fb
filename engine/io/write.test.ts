import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  DateDay, Dictionary, Field as ArrowField, FixedSizeList, Float64, Int32, Int64, makeData, type RecordBatch, TimeUnit, Timestamp, Utf8,
} from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Schema } from '../types.ts';
import { boolData, dictionaryData, fixedData, makeBatch, utf8Data, utf8Dictionary } from '../compute/arrow-build.ts';
import { exactRows, readScan, scanOf } from './scan.test-helper.ts';
import { writeTableFile } from './write.ts';

const dir = mkdtempSync(join(tmpdir(), 'trib-io-write-'));
let duck: Awaited<ReturnType<DuckDBInstance['connect']>>;
beforeAll(async () => { duck = await (await DuckDBInstance.create(':memory:')).connect(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const STRINGS = ['', 'plain', 'a,b', 'say "hi"', 'two\nlines', 'crlf\r\nend', 'ünïcödé ☃ 😀', ' padded ', 'NA'];
const enc = new TextEncoder();

/** Deterministic rows of every type, with nulls in every column. */
function sampleBatch(n: number, start: number, withVector: boolean): RecordBatch {
  const rnd = (i: number, k: number) => Math.abs(Math.sin((start + i) * 12.9898 + k * 78.233) * 43758.5453) % 1;
  const nullAt = (i: number, k: number) => rnd(i, k + 100) < 0.1;
  const validity = (k: number) => {
    const v = new Uint8Array((n + 7) >> 3);
    for (let i = 0; i < n; i++) if (!nullAt(i, k)) v[i >> 3]! |= 1 << (i & 7);
    return v;
  };
  const bits = new Uint8Array((n + 7) >> 3);
  const i32 = new Int32Array(n); const i64 = new BigInt64Array(n); const f64 = new Float64Array(n);
  const days = new Int32Array(n); const ts = new BigInt64Array(n); const codes = new Int32Array(n);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    if (rnd(i, 1) < 0.5) bits[i >> 3]! |= 1 << (i & 7);
    i32[i] = Math.floor((rnd(i, 2) - 0.5) * 4e9);
    i64[i] = BigInt(Math.floor((rnd(i, 3) - 0.5) * 2 ** 52)) * 1000n + 7n;
    f64[i] = (rnd(i, 4) - 0.5) * 10 ** Math.floor(rnd(i, 5) * 20 - 10);
    days[i] = Math.floor((rnd(i, 6) - 0.3) * 40000);
    ts[i] = BigInt(Math.floor((rnd(i, 7) - 0.3) * 2e15));
    codes[i] = Math.floor(rnd(i, 8) * STRINGS.length);
    parts.push(enc.encode(STRINGS[Math.floor(rnd(i, 9) * STRINGS.length)]! + (rnd(i, 10) < 0.5 ? String(start + i) : '')));
  }
  const offsets = new Int32Array(n + 1);
  parts.forEach((p, i) => { offsets[i + 1] = offsets[i]! + p.length; });
  const bytes = new Uint8Array(offsets[n]!);
  parts.forEach((p, i) => bytes.set(p, offsets[i]!));
  const cols = [
    boolData(bits, n, validity(1)),
    fixedData(new Int32(), i32, n, validity(2)),
    fixedData(new Int64(), i64, n, validity(3)),
    fixedData(new Float64(), f64, n, validity(4)),
    utf8Data(offsets, bytes, n, validity(5)),
    fixedData(new DateDay(), days, n, validity(6)),
    fixedData(new Timestamp(TimeUnit.MICROSECOND, 'UTC'), ts, n, validity(7)),
    dictionaryData(new Dictionary(new Utf8(), new Int32()), utf8Dictionary(STRINGS), codes, n, validity(8)),
  ];
  const names = ['b', 'i', 'l', 'f', 's', 'd', 'ts', 'cat'];
  if (withVector) {
    const child = fixedData(new Float64(), Float64Array.from({ length: n * 3 }, (_, k) => k / 3), n * 3);
    cols.push(makeData({ type: new FixedSizeList(3, new ArrowField('item', new Float64(), true)), length: n, nullCount: 0, child: child as never }));
    names.push('v');
  }
  return makeBatch(names, cols, n);
}

const SCHEMA: Schema = { fields: [
  { name: 'b', type: 'bool', nullable: true }, { name: 'i', type: 'int32', nullable: true },
  { name: 'l', type: 'int64', nullable: true }, { name: 'f', type: 'float64', nullable: true },
  { name: 's', type: 'string', nullable: true }, { name: 'd', type: 'date', nullable: true },
  { name: 'ts', type: 'timestamp', nullable: true }, { name: 'cat', type: 'string', nullable: true },
] };
const WITH_VECTOR: Schema = { fields: [...SCHEMA.fields, { name: 'v', type: 'vector', nullable: true, vectorSize: 3 }] };
const CSV_TYPES = { b: 'bool', i: 'int32', l: 'int64', f: 'float64', s: 'string', d: 'date', ts: 'timestamp', cat: 'string' };

const batches = (withVector: boolean) => [sampleBatch(700, 0, withVector), sampleBatch(0, 700, withVector), sampleBatch(1300, 700, withVector)];
const expected = (withVector: boolean) => exactRows(batches(withVector));

/** DuckDB's view of the file, as exact values comparable with exactRows. */
async function duckRows(from: string): Promise<unknown[][]> {
  const r = await duck.runAndReadAll(`SELECT b, i, l, f, s, datediff('day', DATE '1970-01-01', d)::INT AS d, epoch_us(ts) AS ts, cat FROM ${from}`);
  return r.getRows();
}

describe('writeTableFile + readers', () => {
  for (const compression of ['snappy', 'zstd', 'none']) {
    it(`Parquet (${compression}) round-trips every type with nulls, unicode and empty strings; DuckDB reads the same`, async () => {
      const path = join(dir, `all-${compression}.parquet`);
      const res = await writeTableFile('parquet', batches(true), WITH_VECTOR, { path, compression });
      expect(res.rows).toBe(2000);
      expect(res.bytes).toBeGreaterThan(0);
      const back = exactRows(await readScan(await scanOf('parquet', { path })));
      expect(back).toEqual(expected(true));
      const duckSide = await duckRows(`read_parquet('${path}')`);
      expect(duckSide).toEqual(expected(false));
    });
  }

  it('CSV round-trips every type (null vs empty string kept); DuckDB reads the same', async () => {
    const path = join(dir, 'all.csv');
    const res = await writeTableFile('csv', batches(false), SCHEMA, { path });
    expect(res.rows).toBe(2000);
    const back = exactRows(await readScan(await scanOf('csv', { path, schema: CSV_TYPES })));
    expect(back).toEqual(expected(false));
    const cols = Object.entries(CSV_TYPES).map(([k, t]) => `'${k}': '${({ bool: 'BOOLEAN', int32: 'INTEGER', int64: 'BIGINT', float64: 'DOUBLE', string: 'VARCHAR', date: 'DATE', timestamp: 'TIMESTAMP' } as Record<string, string>)[t]}'`).join(', ');
    const duckSide = await duckRows(`read_csv('${path}', header=true, delim=',', quote='"', escape='"', nullstr='', allow_quoted_nulls=false, columns={${cols}})`);
    expect(duckSide).toEqual(expected(false));
  });

  it('reads CSV and Parquet written by DuckDB', async () => {
    const csv = join(dir, 'duck.csv');
    const pq = join(dir, 'duck.parquet');
    const q = `SELECT range::INT AS id, CASE WHEN range % 7 = 0 THEN NULL ELSE 'v' || range || ',"x"' END AS s, (range * 0.25)::DOUBLE AS f, DATE '2020-01-01' + range::INT AS d FROM range(5000)`;
    await duck.run(`COPY (${q}) TO '${csv}' (HEADER, DELIMITER ',')`);
    await duck.run(`COPY (${q}) TO '${pq}' (FORMAT PARQUET, ROW_GROUP_SIZE 1000)`);
    const want = (await duck.runAndReadAll(`SELECT id, s, f, datediff('day', DATE '1970-01-01', d)::INT FROM (${q}) ORDER BY id`)).getRows();
    for (const [format, path] of [['csv', csv], ['parquet', pq]] as const) {
      const got = exactRows(await readScan(await scanOf(format, { path }), 3));
      got.sort((a, b) => (a[0] as number) - (b[0] as number));
      expect(got, format).toEqual(want);
    }
  });

  it('partitionBy writes hive folders that read back as the same rows', async () => {
    const path = join(dir, 'parted');
    const res = await writeTableFile('parquet', batches(false), SCHEMA, { path, partitionBy: ['b', 'cat'] });
    expect(res.rows).toBe(2000);
    const top = readdirSync(path).sort();
    expect(top).toEqual(['b=__HIVE_DEFAULT_PARTITION__', 'b=false', 'b=true']);
    expect(readdirSync(join(path, 'b=true'))).toContain('cat=a,b');
    expect(readdirSync(join(path, 'b=true'))).toContain('cat=say "hi"'.replace('"', '%22').replace('"', '%22'));
    const back = exactRows(await readScan(await scanOf('parquet', { path })));
    const key = (r: unknown[]) => JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));
    expect(back.map(key).sort()).toEqual(expected(false).map(key).sort());
  });

  it('mode "error" refuses an existing output; overwrite replaces it', async () => {
    const path = join(dir, 'exists.csv');
    writeFileSync(path, 'old\n');
    await expect(writeTableFile('csv', batches(false), SCHEMA, { path, mode: 'error' })).rejects.toThrow(`sink.csv: ${path} already exists; set param 'mode' to "overwrite"`);
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    await writeTableFile('csv', batches(false), SCHEMA, { path, mode: 'overwrite' });
    expect(readFileSync(path, 'utf8').startsWith('b,i,l,f,s,d,ts,cat\n')).toBe(true);
  });

  for (const format of ['parquet', 'csv'] as const) {
    it(`${format}: a failing input leaves no half file and keeps the old output`, async () => {
      const sub = join(dir, `fail-${format}`);
      rmSync(sub, { recursive: true, force: true });
      (await import('node:fs')).mkdirSync(sub);
      const path = join(sub, `out.${format}`);
      writeFileSync(path, 'previous');
      async function* failing() {
        yield sampleBatch(100, 0, false);
        throw new Error('upstream node failed');
      }
      await expect(writeTableFile(format, failing(), SCHEMA, { path })).rejects.toThrow('upstream node failed');
      expect(readdirSync(sub)).toEqual([`out.${format}`]);
      expect(readFileSync(path, 'utf8')).toBe('previous');
      await expect(writeTableFile(format, failing(), SCHEMA, { path: join(sub, 'new.out') })).rejects.toThrow();
      expect(existsSync(join(sub, 'new.out'))).toBe(false);
      expect(readdirSync(sub)).toEqual([`out.${format}`]);
    });
  }
});
