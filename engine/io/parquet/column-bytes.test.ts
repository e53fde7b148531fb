// The footer-only estimate of string columns' in-memory bytes (for the broadcast decision),
// against the sizes DuckDB computes from the values of files it wrote.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFooter } from './footer.ts';
import { stringColumnBytes } from './column-bytes.ts';
import { inferSourceSchema } from '../source-schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'trib-io-colbytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stringColumnBytes', () => {
  it('counts a code per row for a kept dictionary, the values for plain strings, and nothing for what it cannot know', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const file = join(dir, 'people.parquet');
    // country: 20 short values (dictionary kept); email: unique (DuckDB writes plain pages).
    await duck.run(`COPY (SELECT i AS id, 'c' || (i % 20) AS country, 'person' || i || '@example.org' AS email
      FROM range(200000) t(i)) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 50000)`);
    const footer = await readFooter(file);
    const bytes = stringColumnBytes(footer);
    const rows = footer.numRows;
    expect(footer.dictionaryStrings.has('country')).toBe(true);
    expect(bytes.get('country')).toBeGreaterThanOrEqual(rows * 4);
    // The dictionaries are bounded by their chunks (codes included): well under a plain string's width.
    expect(bytes.get('country')).toBeLessThan(rows * 4 + footer.rowGroups.length * 65536);
    expect(bytes.get('country')).toBeLessThan(rows * 5);
    const want = Number((await duck.runAndReadAll(`SELECT sum(strlen(email) + 4) FROM '${file}'`)).getRows()[0]![0]);
    expect(Math.abs(bytes.get('email')! - want) / want).toBeLessThan(0.02);
    expect(bytes.has('id')).toBe(false);
    duck.closeSync();
  });

  it('reaches the scan estimate: sums over files', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    for (const part of [0, 1]) {
      await duck.run(`COPY (SELECT i AS id, 'c' || (i % 7) AS country FROM range(${part * 1000}, ${part * 1000 + 30000}) t(i))
        TO '${join(dir, `part-${part}.parquet`)}' (FORMAT parquet)`);
    }
    const { estimate } = await inferSourceSchema('parquet', { path: join(dir, 'part-*.parquet') });
    expect(estimate?.rows).toBe(60000);
    expect(estimate?.columnBytes?.['country']).toBeGreaterThanOrEqual(60000 * 4);
    expect(estimate?.columnBytes?.['country']).toBeLessThan(60000 * 5);
    duck.closeSync();
  });
});
