import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readScan, rowsOf, scanOf } from '../scan.test-helper.ts';
import { csvOptions } from './csv-options.ts';
import { readCsvPart } from './csv-read.ts';
import { planCsvParts } from './csv-splits.ts';
import { inferSourceSchema } from '../source-schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'trib-io-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function csvFile(text: string): string {
  const p = join(dir, `f${n++}.csv`);
  writeFileSync(p, text);
  return p;
}

describe('CSV reader', () => {
  it('infers every type from a sample and parses values', async () => {
    const path = csvFile([
      'b,i,big,f,d,ts,s',
      'true,1,5000000000,1.5,2024-02-29,2024-01-02T03:04:05Z,x',
      'FALSE,-7,-1,2,1970-01-01,2024-01-02 03:04:05.123456,y',
      ',,,,,,',
    ].join('\n'));
    const scan = await scanOf('csv', { path });
    expect(scan.sourceSchema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'b:bool', 'i:int32', 'big:int64', 'f:float64', 'd:date', 'ts:timestamp', 's:string',
    ]);
    const rows = rowsOf(await readScan(scan));
    expect(rows).toEqual([
      [true, 1, 5000000000n, 1.5, Date.UTC(2024, 1, 29), Date.UTC(2024, 0, 2, 3, 4, 5), 'x'],
      [false, -7, -1n, 2, 0, Date.UTC(2024, 0, 2, 3, 4, 5, 123) + 0.456, 'y'], // Arrow JS gives timestamps as fractional ms
      [null, null, null, null, null, null, null],
    ]);
  });

  it('handles RFC 4180 quoting: delimiters, newlines, "" escapes, CRLF, null vs empty', async () => {
    const path = csvFile('id,text,note\r\n1,"a,b","line1\r\nline2"\r\n2,"say ""hi""",\r\n3,"",plain\r\n4,,"ünï ☃"\r\n');
    const rows = rowsOf(await readScan(await scanOf('csv', { path })));
    expect(rows).toEqual([
      [1, 'a,b', 'line1\r\nline2'],
      [2, 'say "hi"', null],
      [3, '', 'plain'],
      [4, null, 'ünï ☃'],
    ]);
  });

  it('honours delimiter, header false, nullValues and schema overrides', async () => {
    const path = csvFile('007;NA;x\n8;2.5;\n');
    const scan = await scanOf('csv', { path, delimiter: ';', header: false, nullValues: ['', 'NA'], schema: { _c0: 'string' } });
    expect(scan.sourceSchema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(['_c0:string', '_c1:float64', '_c2:string']);
    expect(rowsOf(await readScan(scan))).toEqual([['007', null, 'x'], ['8', 2.5, null]]);
    await expect(inferSourceSchema('csv', { path, header: false, delimiter: ';', schema: { nope: 'int32' } })).rejects.toThrow(/column 'nope'.*'_c0'/);
  });

  it('reads only the projected columns, in scan order', async () => {
    const path = csvFile('a,b,c\n1,x,2.5\n2,y,3.5\n');
    const batches = await readScan(await scanOf('csv', { path }, ['c', 'a']));
    expect(batches[0]!.schema.fields.map((f) => f.name)).toEqual(['c', 'a']);
    expect(rowsOf(batches)).toEqual([[2.5, 1], [3.5, 2]]);
  });

  it('keeps a blank line of a one-column file as a null and skips it elsewhere; a column read twice', async () => {
    const one = csvFile('a\n1\n\n2\r\n\r\n3\n');
    expect(rowsOf(await readScan(await scanOf('csv', { path: one })))).toEqual([[1], [null], [2], [null], [3]]);
    const two = csvFile('a,b\n1,x\n\n2,y\r\n\r\n3,z\n');
    const scan = await scanOf('csv', { path: two });
    const fields = scan.sourceSchema.fields;
    const opts = csvOptions({ path: two });
    const [part] = await planCsvParts([two], opts, 1);
    const bs = [];
    for await (const b of readCsvPart(part!, fields, [fields[1]!, fields[0]!, fields[1]!], opts)) bs.push(b);
    expect(rowsOf(bs)).toEqual([['x', 1, 'x'], ['y', 2, 'y'], ['z', 3, 'z']]);
  });

  it('fails on a bad row naming file, line and column; or skips it', async () => {
    const lines = ['id,amount'];
    for (let i = 1; i <= 20; i++) lines.push(`${i},${i}.5`);
    lines[16] = '16,abc'; // line 17 of the file
    lines.push('21,1,extra');
    const path = csvFile(lines.join('\n'));
    // The sample sees 'abc' too (so inference alone would say string): the schema param fixes the type.
    const scan = await scanOf('csv', { path, schema: { amount: 'float64' } });
    await expect(readScan(scan)).rejects.toThrow(`${path} line 17, column 'amount': 'abc' is not a float64`);
    const skipped = rowsOf(await readScan(await scanOf('csv', { path, onBadRow: 'skip', schema: { amount: 'float64' } })));
    expect(skipped.map((r) => r[0])).toEqual(Array.from({ length: 20 }, (_, i) => i + 1).filter((i) => i !== 16));
    const wrongCount = csvFile('a,b\n1,2\n3\n');
    await expect(readScan(await scanOf('csv', { path: wrongCount }))).rejects.toThrow(`${wrongCount} line 3: expected 2 fields, found 1`);
    const unclosed = csvFile('a,b\n1,"open\n');
    await expect(readScan(await scanOf('csv', { path: unclosed }))).rejects.toThrow(/line 2: a quoted field is not closed/);
  });

  it('splits a file only at record boundaries, even with quoted newlines, with exact line numbers', async () => {
    const lines = ['id,text'];
    for (let i = 0; i < 5000; i++) lines.push(i % 3 === 0 ? `${i},"multi\nline, ""quoted"" ${i}"` : `${i},plain ${i}`);
    lines.push('5000,bad"quote"here'); // a quote inside an unquoted field is kept as text
    const good = csvFile(lines.join('\n') + '\n');
    lines.push('oops,x');
    const path = csvFile(lines.join('\n') + '\n');
    const opts = csvOptions({ path, onBadRow: 'fail' });
    const fields = (await inferSourceSchema('csv', { path, schema: { id: 'int32' } })).schema.fields;
    const read = async (file: string, partitions: number, minSplit: number) => {
      const parts = await planCsvParts([file], { ...opts, path: file }, partitions, minSplit);
      const rows: unknown[][] = [];
      let err = '';
      for (const p of parts) {
        try {
          const bs = [];
          for await (const b of readCsvPart(p, fields, fields, opts)) bs.push(b);
          rows.push(...rowsOf(bs));
        } catch (e) { err = (e as Error).message; }
      }
      return { rows, err, parts: parts.length };
    };
    const a = await read(good, 1, 1 << 30);
    const b = await read(good, 7, 4096);
    expect(a.parts).toBe(1);
    expect(b.parts).toBeGreaterThan(5);
    expect(a.err + b.err).toBe('');
    expect(b.rows).toEqual(a.rows);
    expect(a.rows.length).toBe(5001);
    expect(a.rows[3]).toEqual([3, 'multi\nline, "quoted" 3']);
    expect(a.rows[5000]).toEqual([5000, 'bad"quote"here']);
    const c = await read(path, 1, 1 << 30);
    const d = await read(path, 7, 4096);
    // 1 header line + 5000 records, every third spanning two lines, then 'bad"quote"here'.
    const errorLine = 1 + 5000 + Math.ceil(5000 / 3) + 2;
    expect(c.err).toBe(`${path} line ${errorLine}, column 'id': 'oops' is not a int32 (the column type was inferred from the first rows or set in param 'schema'); set onBadRow to "skip" to drop such rows`);
    expect(d.err).toBe(c.err);
  });
});
