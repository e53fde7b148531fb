// `tributary preview` output a person reads: a value with a line break keeps the table's layout
// (one line per row, every column separator lined up), and numbers print in their shortest form
// that reads back as the same double, which is what DuckDB prints for the same value.

import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';

const run = promisify(execFile);
const cli = new URL('../cli.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tributary-preview-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 218.95999999999998 is the double just below 218.96 (where a float sum of cents can land): a
// different value, printed as such, as DuckDB prints it.
const VALUES = [218.96, 218.95999999999998, 0.1 + 0.2, 1 / 3, 1e21, 5e-324, -0, 123456789.125, -1.5e-7];

function pipeline(): string {
  const csv = join(dir, 'notes.csv');
  writeFileSync(csv, `id,note,x\n1,"two\nlines",1\n2,"tab\there\r\nand crlf",2\n3,plain,3\n`);
  const numbers = join(dir, 'numbers.csv');
  writeFileSync(numbers, `x\n${VALUES.map((v) => (Object.is(v, -0) ? '-0.0' : v.toPrecision(17))).join('\n')}\n`);
  const file = join(dir, 'notes.json');
  writeFileSync(file, JSON.stringify({ version: 1, name: 'notes', nodes: [
    { id: 'notes', kind: 'source.csv', params: { path: 'notes.csv', schema: { x: 'float64' } } },
    { id: 'numbers', kind: 'source.csv', params: { path: 'numbers.csv', schema: { x: 'float64' } } },
  ], edges: [] }));
  return file;
}

describe('preview output', () => {
  it('--format table: a value with a newline or tab stays on its row, escaped', async () => {
    const { stdout } = await run(process.execPath, [cli, 'preview', pipeline(), '--node', 'notes', '--format', 'table']);
    const lines = stdout.trimEnd().split('\n');
    // header, rule, 3 rows, the count line
    expect(lines).toHaveLength(2 + 3 + 1);
    expect(lines[2]).toContain('"two\\nlines"');
    expect(lines[3]).toContain('"tab\\there\\r\\nand crlf"');
    const bars = (l: string): number[] => [...l.matchAll(/ \| /g)].map((m) => m.index);
    for (const l of lines.slice(2, 5)) expect(bars(l)).toEqual(bars(lines[0]!));
  });

  it('--format csv: each number in its shortest round-trip form, as DuckDB prints it', async () => {
    const { stdout } = await run(process.execPath, [cli, 'preview', pipeline(), '--node', 'numbers', '--format', 'csv']);
    const printed = stdout.trim().split('\n').slice(1);
    expect(printed).toHaveLength(VALUES.length);
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    for (let i = 0; i < VALUES.length; i++) {
      const v = VALUES[i]!;
      // Reads back as the same double, the sign of -0 included.
      expect(Object.is(Number(printed[i]), v)).toBe(true);
      const theirs = String((await duck.runAndReadAll(`SELECT ('${Object.is(v, -0) ? '-0.0' : v.toPrecision(17)}')::DOUBLE::VARCHAR`)).getRows()[0]![0]);
      // The same shortest digits as DuckDB (which writes 1.0 for 1 and e-07 for e-7).
      expect(Object.is(Number(theirs), v)).toBe(true);
      const digits = (t: string): string => t.replace(/\.0($|e)/, '$1').replace(/e([+-]?)0*(\d)/, 'e$1$2').replace('e+', 'e');
      expect(digits(theirs)).toBe(digits(printed[i]!));
    }
    duck.closeSync();
    expect(printed.slice(0, 2)).toEqual(['218.96', '218.95999999999998']);
  });
});
