// The CSV reader against DuckDB's read_csv on generated files that exercise every path of the
// reader: unquoted records (byte loop, word-at-a-time tail counting), quoted fields with
// delimiters, "" escapes and newlines (general scanner), CRLF and a byte order mark, unicode,
// empty strings vs nulls, null markers, string columns built as dictionaries (few values) and
// past the dictionary limit (many values, also only in a later batch), at one part and at many
// small parts whose boundaries fall anywhere, with several projections.

import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { type RecordBatch, Type } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import type { Field } from '../../types.ts';
import { readIpcFile, writeIpcFile } from '../arrow-ipc.ts';
import { exactRows } from '../scan.test-helper.ts';
import { csvOptions } from './csv-options.ts';
import { csvReadStats, readCsvPart } from './csv-read.ts';
import { planCsvParts } from './csv-splits.ts';
import { inferCsvSchema } from './csv-schema.ts';
import { rng } from '../../compute/batches.test-helper.ts';

const dir = mkdtempSync(join(tmpdir(), 'trib-csv-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


const LOW = ['books', 'toys', 'é', '日本', 'Zürich ☃', '', 'a,b', 'say "hi"', 'line1\nline2', 'cr\r\nlf', ' spaced ', 'NA'];
const FLOATS = ['12.34', '-0.5', '7', '1e3', '0.1', '12345678901234567', '-3.25E-2', '0009.50', '.5'];

function cell(v: string | null): string {
  if (v === null) return '';
  return v === '' || v === 'NA' || /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

interface Generated { readonly path: string; readonly badRows: number }

/** A file of `n` rows: id, low, high, mid, x, k, ts, tag. With `bad`, some rows have a wrong field
 *  count or an unparseable x (a clean twin is written without them). */
function generate(name: string, seed: number, n: number, eol: '\n' | '\r\n', bom: boolean, bad = false): { dirty: Generated; clean: string } {
  const r = rng(seed);
  const lines = ['id,low,high,mid,x,k,ts,tag'];
  const cleanLines = [lines[0]!];
  let badRows = 0;
  for (let i = 0; i < n; i++) {
    const low = r() < 0.07 ? null : LOW[Math.floor(r() * r() * LOW.length)]!;
    const high = r() < 0.05 ? null : `v${(i * 7919) % 20011}${i % 3 === 0 ? 'ø' : ''}`;
    const mid = `m${Math.floor(i / 10)}`;
    const u = r();
    const x = u < 0.05 ? null : u < 0.1 ? 'NA' : u < 0.2 ? FLOATS[Math.floor(r() * FLOATS.length)]! : (Math.floor(r() * 100000) / 100).toFixed(2);
    const k = r() < 0.05 ? null : String(Math.floor(r() * 2000) - 1000);
    const ts = r() < 0.05 ? null : `2024-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)} 0${Math.floor(r() * 9)}:1${Math.floor(r() * 9)}:2${Math.floor(r() * 9)}`;
    const tag = ['p', 'q', 'ü', null][Math.floor(r() * 4)]!; // last field: CR of CRLF to strip
    const line = [String(i * 1000003), cell(low), cell(high), mid, x === 'NA' ? 'NA' : cell(x), cell(k), cell(ts), cell(tag)].join(',');
    if (bad && i % 997 === 13) {
      // A wrong field count, or a null then a value that does not parse (rolls back the null).
      const nullThenBad = [String(i * 1000003), '', cell(high), mid, 'bad', '', cell(ts), cell(tag)].join(',');
      lines.push(i % 2 === 0 ? `${line},extra` : nullThenBad);
      badRows++;
      continue;
    }
    lines.push(line);
    cleanLines.push(line);
  }
  const write = (file: string, ls: string[]): string => {
    const p = join(dir, file);
    writeFileSync(p, (bom ? '\ufeff' : '') + ls.join(eol) + eol);
    return p;
  };
  return { dirty: { path: write(`${name}.csv`, lines), badRows }, clean: write(`${name}-clean.csv`, cleanLines) };
}

const SCHEMA = { id: 'int64', low: 'string', high: 'string', mid: 'string', x: 'float64', k: 'int32', ts: 'timestamp', tag: 'string' } as const;
const DUCK_COLS = "{'id': 'BIGINT', 'low': 'VARCHAR', 'high': 'VARCHAR', 'mid': 'VARCHAR', 'x': 'DOUBLE', 'k': 'INTEGER', 'ts': 'TIMESTAMP', 'tag': 'VARCHAR'}";

async function duckRows(path: string, cols: readonly string[]): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  try {
    const select = cols.map((c) => (c === 'ts' ? 'epoch_us(ts)' : c)).join(', ');
    const sql = `SELECT ${select} FROM read_csv('${path}', header = true, columns = ${DUCK_COLS}, allow_quoted_nulls = false, nullstr = ['', 'NA'], quote = '"', escape = '"', delim = ',') ORDER BY id`;
    return (await conn.runAndReadAll(sql)).getRowsJS().map((row) => row.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

async function ourRows(path: string, cols: readonly string[], parts: number, onBadRow: 'fail' | 'skip' = 'fail'): Promise<{ rows: unknown[][]; batches: RecordBatch[] }> {
  const params = { path, schema: SCHEMA, nullValues: ['', 'NA'], onBadRow };
  const { schema } = await inferCsvSchema(params);
  const fields = cols.map((c) => schema.fields.find((f) => f.name === c)!) as Field[];
  const opts = csvOptions(params);
  // Many parts: about 3 x parts pieces whose boundaries fall anywhere in the file.
  const size = statSync(path).size;
  const planned = await planCsvParts([path], opts, parts, parts === 1 ? 1 << 30 : Math.ceil(size / (12 * parts)));
  if (parts > 1) expect(planned.length).toBeGreaterThan(parts);
  const batches: RecordBatch[] = [];
  for (const p of planned) for await (const b of readCsvPart(structuredClone(p), schema.fields, fields, opts)) batches.push(b);
  // Every column's null count is exact (kernels trust it to skip the bitmap).
  for (const b of batches) {
    for (const d of b.data.children) {
      let nulls = 0;
      for (let i = 0; i < d.length; i++) if (!d.getValid(i)) nulls++;
      expect(d.nullCount).toBe(nulls);
    }
  }
  const idAt = cols.indexOf('id');
  const rows = exactRows(batches).map((row) => row.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
  rows.sort((a, b) => (a[idAt] as number) - (b[idAt] as number));
  return { rows, batches };
}

const typesOf = (batches: readonly RecordBatch[], col: string): Set<Type> =>
  new Set(batches.map((b) => b.schema.fields.find((f) => f.name === col)!.type.typeId));

describe('CSV reader vs DuckDB read_csv', () => {
  const lf = generate('lf', 1, 90_000, '\n', false);
  const crlf = generate('crlf', 2, 20_000, '\r\n', true);
  const projections = [
    ['id', 'low', 'high', 'mid', 'x', 'k', 'ts', 'tag'],
    ['tag', 'id'],
    ['id', 'low', 'x'], // later fields only counted
    ['x', 'id'], // output order differs from file order
    ['mid', 'id'],
  ];
  for (const [label, file] of [['LF', lf.clean], ['CRLF + BOM', crlf.clean]] as const) {
    for (const parts of [1, 5]) {
      it(`${label}, ${parts === 1 ? 'one part' : 'many small parts'}: equal rows for every projection`, async () => {
        for (const cols of projections) {
          const want = await duckRows(file, cols);
          const got = await ourRows(file, cols, parts);
          expect(got.rows.length).toBe(want.length);
          expect(got.rows).toEqual(want);
        }
      });
    }
  }

  it('builds few-valued string columns as dictionaries and many-valued ones as plain strings', async () => {
    const { batches } = await ourRows(lf.clean, ['id', 'low', 'high', 'mid'], 1);
    expect(batches.length).toBeGreaterThan(1);
    expect(typesOf(batches, 'low')).toEqual(new Set([Type.Dictionary]));
    // 'high' passes the dictionary limit within the first batch; 'mid' (a new value every ten
    // rows) only in the second: both end up plain, the first batch of 'mid' as a dictionary.
    expect(typesOf(batches, 'high').has(Type.Utf8)).toBe(true);
    expect(batches[0]!.schema.fields.find((f) => f.name === 'mid')!.type.typeId).toBe(Type.Dictionary);
    expect(typesOf(batches, 'mid').has(Type.Utf8)).toBe(true);
  });

  it('a part\'s batches, dictionary growing between them, survive an Arrow IPC (spill) round trip', async () => {
    // A new value every 20 rows: the dictionary grows in every batch and stays under its limit.
    const path = join(dir, 'growing.csv');
    writeFileSync(path, `n,g\n${Array.from({ length: 150_000 }, (_, i) => `${i},g${Math.floor(i / 20)}`).join('\n')}\n`);
    const opts = csvOptions({ path });
    const { schema } = await inferCsvSchema({ path });
    const batches: RecordBatch[] = [];
    for (const p of await planCsvParts([path], opts, 1)) for await (const b of readCsvPart(p, schema.fields, schema.fields, opts)) batches.push(b);
    expect(batches.length).toBe(3);
    expect(typesOf(batches, 'g')).toEqual(new Set([Type.Dictionary]));
    const spill = join(dir, 'spill.arrow');
    expect((await writeIpcFile(spill, batches)).rows).toBe(150_000);
    const back: RecordBatch[] = [];
    for await (const b of readIpcFile(spill)) back.push(b);
    expect(exactRows(back)).toEqual(exactRows(batches));
  });

  it('onBadRow skip drops exactly the bad rows, also mid-record on the fast path', async () => {
    const g = generate('bad', 3, 30_000, '\n', false, true);
    expect(g.dirty.badRows).toBeGreaterThan(20);
    for (const parts of [1, 5]) {
      for (const cols of [['id', 'low', 'x', 'ts'], ['id', 'k', 'mid', 'x']]) {
        const before = csvReadStats.badRowsSkipped;
        const got = await ourRows(g.dirty.path, cols, parts, 'skip');
        expect(csvReadStats.badRowsSkipped - before).toBe(g.dirty.badRows);
        expect(got.rows).toEqual(await duckRows(g.clean, cols));
      }
    }
  });
});
