// What a CSV source says about input that is not what it expects: bytes that are not UTF-8 (an
// error naming file, line and byte offset, or U+FFFD with encodingErrors "replace"), a file that
// is one long line without a newline (one header line, or one record: not "empty"), and the
// delimiter (sniffed when not given; a given one that looks wrong is named in the error).
// Files cross the reader's 4 MiB chunks and 65536-row batches where that matters.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { readScan, rowsOf, scanOf } from '../scan.test-helper.ts';
import { sniffDelimiter } from './csv-sniff.ts';

const dir = mkdtempSync(join(tmpdir(), 'trib-csv-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function csvFile(content: string | Buffer): string {
  const p = join(dir, `f${n++}.csv`);
  writeFileSync(p, content);
  return p;
}

/** A Latin-1 'é' (0xE9, not UTF-8) in row `badRow` (1-based data row) of `rows` rows. */
function latin1File(rows: number, badRow: number): { path: string; offset: number; line: number } {
  const head = ['id,name\n'];
  for (let i = 1; i < badRow; i++) head.push(`${i},name${i}\n`);
  const before = Buffer.from(`${head.join('')}${badRow},caf`);
  const tail = [`\n`];
  for (let i = badRow + 1; i <= rows; i++) tail.push(`${i},name${i}\n`);
  const path = csvFile(Buffer.concat([before, Buffer.from([0xe9]), Buffer.from(tail.join(''))]));
  return { path, offset: before.length, line: badRow + 1 };
}

describe('CSV bytes that are not UTF-8', () => {
  for (const badRow of [3, 400_000]) {
    it(`fail with file, line and byte offset (row ${badRow}${badRow > 65_536 ? ', past the first chunk and batch' : ''})`, async () => {
      const { path, offset, line } = latin1File(450_000, badRow);
      const message = `${path} line ${line}, byte offset ${offset}: byte 0xe9 is not UTF-8 text; convert the file to UTF-8`;
      // In the first rows the schema inference already finds it (validate reports it); later, the read.
      const read = scanOf('csv', { path }).then((scan) => readScan(scan, 1));
      await expect(read).rejects.toThrow(message);
    });
  }

  it('are read as U+FFFD with encodingErrors "replace", across chunks and batches', async () => {
    const { path } = latin1File(200_000, 150_000);
    const rows = rowsOf(await readScan(await scanOf('csv', { path, encodingErrors: 'replace' }), 2));
    expect(rows).toHaveLength(200_000);
    expect(rows[149_999]).toEqual([150_000, 'caf\uFFFD']);
    expect(rows[150_000]).toEqual([150_001, 'name150001']);
    expect(rows.filter((r) => String(r[1]).includes('\uFFFD'))).toHaveLength(1);
  });

  it('names the param in a bad value of encodingErrors', async () => {
    await expect(scanOf('csv', { path: csvFile('a\n1\n'), encodingErrors: 'ignore' })).rejects.toThrow(/param 'encodingErrors' is "ignore"; expected "error" or "replace"/);
  });
});

describe('a CSV file that is one line without a newline', () => {
  // Past the 1 MiB schema sample, which once found no whole line in it and called the file empty.
  const line = Array.from({ length: 200_000 }, (_, i) => `c${i}`).join(',');
  it('is one header line (no rows), not an empty file', async () => {
    const path = csvFile(line);
    expect(line.length).toBeGreaterThan(1 << 20);
    const scan = await scanOf('csv', { path }, ['c0', 'c199999']);
    expect(scan.sourceSchema.fields).toHaveLength(200_000);
    expect(rowsOf(await readScan(scan, 1))).toEqual([]);
  });

  it('is one record without a header', async () => {
    const path = csvFile(line);
    const scan = await scanOf('csv', { path, header: false }, ['_c0', '_c199999']);
    expect(rowsOf(await readScan(scan, 1))).toEqual([['c0', 'c199999']]);
  });
});

describe('the CSV delimiter', () => {
  it('is sniffed from the first records: comma, semicolon, tab, pipe; quotes honoured', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(sniffDelimiter(enc('a;b;c\n1;2,5;3\n4;5,5;6\n'), true)).toBe(0x3b);
    expect(sniffDelimiter(enc('a\tb\n"x;y"\t2\n'), true)).toBe(0x09);
    expect(sniffDelimiter(enc('a|b|c\n1|2|3\n'), true)).toBe(0x7c);
    expect(sniffDelimiter(enc('a,b\n"1;2;3",4\n'), true)).toBe(0x2c);
    expect(sniffDelimiter(enc('just one column\nx\n'), true)).toBeUndefined();
  });

  it('reads a semicolon file without a delimiter param, as DuckDB\'s sniffer does', async () => {
    const lines = ['id;amount;city'];
    for (let i = 0; i < 70_000; i++) lines.push(`${i};${i % 97},${i % 10};"Saint-${i % 7}; Ville"`);
    const path = csvFile(`${lines.join('\n')}\n`);
    const scan = await scanOf('csv', { path });
    expect(scan.sourceSchema.fields.map((f) => f.name)).toEqual(['id', 'amount', 'city']);
    const ours = rowsOf(await readScan(scan, 2));
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const theirs = (await duck.runAndReadAll(`SELECT id, amount, city FROM read_csv('${path}', all_varchar = true)`)).getRows()
      .map((r) => [Number(r[0]), r[1], r[2]]);
    duck.closeSync();
    expect(ours).toEqual(theirs);
  });

  it('names the sniffed delimiter when a given one looks wrong, instead of advising to skip rows', async () => {
    const path = csvFile('id;amount\n1;2,5\n2;3\n');
    await expect(scanOf('csv', { path, delimiter: ',' }).then((scan) => readScan(scan, 1)))
      .rejects.toThrow(`${path} line 2: expected 1 fields, found 2; the file looks ";"-separated, not ",": set delimiter to ";" (or leave it out to have it detected)`);
  });
});
