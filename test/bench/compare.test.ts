// The bench's result check (bench/compare.ts): two Parquet files written by DuckDB, equal up to
// the summation order of doubles, or differing in a key, a row count or a sum.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { diffParquetFiles } from '../../bench/compare.ts';

const dir = mkdtempSync(join(tmpdir(), 'bench-compare-'));
const file = (name: string): string => join(dir, `${name}.parquet`);

// 100k groups: more than one row group of DuckDB's default writer and more than a batch.
const GROUPS = `SELECT i AS user_id, ['US','DE','FR'][1 + i % 3] AS country, i * 0.1 AS revenue, i % 7 AS n FROM range(100000) t(i)`;

beforeAll(async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const write = (name: string, sql: string): Promise<unknown> => conn.run(`COPY (${sql}) TO '${file(name)}' (FORMAT parquet)`);
  await write('reference', GROUPS);
  // The same rows in another order, columns reordered, sums off in the 13th digit.
  await write('reordered', `SELECT n, revenue * (1 + 1e-13) AS revenue, country, user_id FROM (${GROUPS}) ORDER BY user_id DESC`);
  await write('sum_off', `SELECT user_id, country, CASE WHEN user_id = 777 THEN revenue + 1 ELSE revenue END AS revenue, n FROM (${GROUPS})`);
  await write('row_missing', `SELECT * FROM (${GROUPS}) WHERE user_id <> 4242`);
  await write('duplicated', `SELECT * FROM (${GROUPS}) UNION ALL SELECT * FROM (${GROUPS}) WHERE user_id = 5`);
  await write('renamed', `SELECT user_id, country AS nation, revenue, n FROM (${GROUPS})`);
  await write('null_keys', `SELECT NULL::VARCHAR AS k, 1.5 AS v UNION ALL SELECT 'a', 2.0`);
  await write('null_keys_again', `SELECT 'a' AS k, 2.0 AS v UNION ALL SELECT NULL::VARCHAR, 1.5`);
  conn.closeSync();
  instance.closeSync();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('diffParquetFiles', () => {
  it('finds no difference in the same rows reordered, columns reordered, sums off by rounding', async () => {
    expect(await diffParquetFiles(file('reference'), file('reordered'))).toEqual([]);
  });

  it('reports a sum beyond the tolerance, naming the key', async () => {
    const diff = await diffParquetFiles(file('reference'), file('sum_off'));
    expect(diff[0]).toMatch(/^1 key\(s\) differ/);
    expect(diff.join('\n')).toContain('"user_id":777');
  });

  it('reports a missing row with the row count and the key', async () => {
    const diff = await diffParquetFiles(file('reference'), file('row_missing'));
    expect(diff[0]).toBe('row count differs: expected 100000, got 99999');
    expect(diff.join('\n')).toMatch(/"user_id":4242.*got \(missing\)/);
  });

  it('reports a duplicated row as a key whose row count differs', async () => {
    const diff = await diffParquetFiles(file('reference'), file('duplicated'));
    expect(diff).toContain('row count differs: expected 100000, got 100001');
    expect(diff.join('\n')).toMatch(/"user_id":5,.*"__rows":1.*"__rows":2/);
  });

  it('reports different column names', async () => {
    expect(await diffParquetFiles(file('reference'), file('renamed')))
      .toEqual(['columns differ: expected [user_id, country, revenue, n], got [user_id, nation, revenue, n]']);
  });

  it('matches null keys with null keys', async () => {
    expect(await diffParquetFiles(file('null_keys'), file('null_keys_again'))).toEqual([]);
  });
});
