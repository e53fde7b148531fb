import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readScan, rowsOf, scanOf } from '../scan.test-helper.ts';

const dir = mkdtempSync(join(tmpdir(), 'trib-io-dict-'));
const file = join(dir, 'strings.parquet');
const nested = join(dir, 'nested.parquet');
let duckRows: unknown[][] = [];

beforeAll(async () => {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const duck = await (await DuckDBInstance.create(':memory:')).connect();
  // cat: 4 values and nulls (a tiny dictionary page); uniq: 5000 distinct 32-char strings (a
  // dictionary page well over the 64 KiB limit, so it stays plain).
  const select = `SELECT range::INT AS id, CASE WHEN range % 7 = 0 THEN NULL ELSE ['a', 'ü', '', 'long value'][range % 4 + 1] END AS cat,
    md5(range::VARCHAR) AS uniq, (range * 0.5)::DOUBLE AS x FROM range(5000)`;
  await duck.run(`COPY (${select}) TO '${file}' (FORMAT PARQUET, ROW_GROUP_SIZE 2000)`);
  await duck.run(`COPY (SELECT range::INT AS id, 'k' || (range % 3) AS cat, [range::DOUBLE] AS vec FROM range(100)) TO '${nested}' (FORMAT PARQUET)`);
  const reader = await duck.runAndReadAll(`SELECT id, cat, uniq, x FROM (${select}) ORDER BY id`);
  duckRows = reader.getRows().map((r) => r.map((v) => (v === null ? null : typeof v === 'number' || typeof v === 'string' ? v : Number(v))));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Parquet dictionary-encoded strings', () => {
  it('a small dictionary column decodes as an Arrow dictionary, a large one as plain Utf8, values as DuckDB reads them', async () => {
    const batches = await readScan(await scanOf('parquet', { path: file }));
    expect(batches.length).toBeGreaterThan(0);
    for (const b of batches) {
      expect(b.getChild('cat')!.data[0]!.type.typeId).toBe(Type.Dictionary);
      expect(b.getChild('uniq')!.data[0]!.type.typeId).toBe(Type.Utf8);
    }
    const rows = rowsOf(batches).sort((a, b) => (a[0] as number) - (b[0] as number));
    expect(rows).toEqual(duckRows);
  });

  it('projection and a column order other than the file still work with the hinted footer', async () => {
    const batches = await readScan(await scanOf('parquet', { path: file }, ['x', 'cat']));
    expect(batches.every((b) => b.schema.fields.map((f) => f.name).join() === 'x,cat')).toBe(true);
    const rows = rowsOf(batches).sort((a, b) => (a[0] as number) - (b[0] as number));
    expect(rows).toEqual(duckRows.map((r) => [r[3], r[1]]));
  });

  it('a file with a nested column is read without the hint (plain strings)', async () => {
    const batches = await readScan(await scanOf('parquet', { path: nested }, ['cat', 'id']));
    expect(batches[0]!.getChild('cat')!.data[0]!.type.typeId).toBe(Type.Utf8);
    expect(rowsOf(batches).length).toBe(100);
  });
});
