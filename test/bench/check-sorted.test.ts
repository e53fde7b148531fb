// The scale suite's sort check (bench/scale/check-sorted.ts) on real Parquet files written by
// DuckDB with small row groups: a sorted copy passes; a copy out of order, with nulls first, or
// with a row changed is caught.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { checkSorted } from '../../bench/scale/check-sorted.ts';

const dir = mkdtempSync(join(tmpdir(), 'bench-sorted-'));
const file = (name: string): string => join(dir, `${name}.parquet`);
const INPUT = `SELECT i AS id, CASE WHEN i % 13 = 0 THEN NULL ELSE (hash(i) % 1000)::DOUBLE END AS amount FROM range(50000) t(i)`;

beforeAll(async () => {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  const write = (name: string, sql: string): Promise<unknown> =>
    conn.run(`COPY (${sql}) TO '${file(name)}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
  await write('input', INPUT);
  await write('sorted', `SELECT * FROM (${INPUT}) ORDER BY amount ASC NULLS LAST`);
  await write('descending', `SELECT * FROM (${INPUT}) ORDER BY amount DESC NULLS LAST`);
  await write('nulls_first', `SELECT * FROM (${INPUT}) ORDER BY amount ASC NULLS FIRST`);
  await write('changed', `SELECT id, CASE WHEN id = 7 THEN amount + 1 ELSE amount END AS amount FROM (${INPUT}) ORDER BY amount ASC NULLS LAST`);
  conn.closeSync();
  instance.closeSync();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkSorted', () => {
  it('passes the input sorted ascending, nulls last', async () => {
    expect(await checkSorted(file('input'), file('sorted'), 'amount')).toEqual([]);
  });

  it('catches the wrong direction', async () => {
    const problems = await checkSorted(file('input'), file('descending'), 'amount');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^row group 1 starts at amount = .*, below the previous row group's maximum/);
  });

  it('catches nulls first', async () => {
    expect((await checkSorted(file('input'), file('nulls_first'), 'amount'))[0]).toMatch(/nulls must come last/);
  });

  it('catches a changed row through the checksum', async () => {
    const problems = await checkSorted(file('input'), file('changed'), 'amount');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^not the input's rows: input 50000 rows, checksum \d+, output 50000 rows, checksum \d+$/);
  });
});
