// Reading for a preview's first rows (firstRows): batches of 4,096 rows doubling up to the usual
// size, Snappy pages decompressed only as far as they are read (snappy-stream.ts). Every row and
// column must be what the ordinary read gives, with and without a late selection, on DuckDB's v1
// and v2 pages (nulls, dictionaries) and on arrow-rs's (our writer), across row groups and
// batches.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RecordBatch } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdb } from '../../../compute/duckdb.test-helper.ts';
import { columnData } from '../../../compute/arrow-types.ts';
import { exactRows, scanOf } from '../../scan.test-helper.ts';
import { readFooter } from '../footer.ts';
import { readParquetPart } from '../read.ts';
import { writeParquetFile } from '../write.ts';
import { FIRST_ROWS_BATCH, type LateSelection } from './row-group.ts';

const dir = mkdtempSync(join(tmpdir(), 'trib-pq-first-rows-'));
let duck: DuckDBConnection;
beforeAll(async () => { duck = await duckdb(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROWS = 150_000;
const COLUMNS = `
  range::BIGINT AS id,
  CASE WHEN range % 7 = 0 THEN NULL ELSE range * 1000000007 END AS i64,
  CASE WHEN range % 5 = 0 THEN NULL ELSE (range * 7919 % 100003) / 100.0 END AS dbl,
  (range % 1000)::FLOAT / 8 AS f32,
  CASE WHEN range % 3 = 0 THEN NULL ELSE range % 2 = 0 END AS b,
  CASE range % 6 WHEN 0 THEN NULL WHEN 1 THEN '' WHEN 2 THEN 'Zürich' ELSE 'k' || (range % 40) END AS cat,
  CASE WHEN range % 11 = 0 THEN NULL ELSE 's' || range END AS uniq,
  TIMESTAMP '2020-01-01' + INTERVAL (range * 37) SECOND AS ts,
  CASE WHEN range % 4 = 0 THEN NULL ELSE (range % 9)::BIGINT END AS low64,
  (range % 300)::INT AS dict32`;

async function duckFile(name: string, options: string): Promise<string> {
  const path = join(dir, name);
  await duck.run(`COPY (SELECT ${COLUMNS} FROM range(${ROWS})) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 70000, ${options})`);
  return path;
}

/** Every row group of `path` in one part, read as a preview (firstRows) or as usual. */
async function read(path: string, firstRows: boolean, late?: LateSelection): Promise<RecordBatch[]> {
  const scan = await scanOf('parquet', { path });
  const part = { file: path, rowGroups: (await readFooter(path)).rowGroups.map((g) => g.index) };
  const out: RecordBatch[] = [];
  for await (const b of readParquetPart(part, scan.schema.fields, [], late, firstRows)) out.push(b);
  return out;
}

/** Rows whose id is a multiple of 97, decided on the id column first. */
const sparse: LateSelection = {
  first: ['id'],
  select(partial) {
    const v = columnData(partial, 'id').values as BigInt64Array;
    const rows: number[] = [];
    for (let i = 0; i < partial.numRows; i++) if (v[i]! % 97n === 0n) rows.push(i);
    return Int32Array.from(rows);
  },
};

async function expectSameAsUsual(path: string): Promise<void> {
  const usual = await read(path, false);
  const first = await read(path, true);
  expect(first[0]!.numRows).toBe(FIRST_ROWS_BATCH);
  expect(first[1]!.numRows).toBe(2 * FIRST_ROWS_BATCH);
  expect(exactRows(first)).toEqual(exactRows(usual));
  expect(exactRows(await read(path, true, sparse))).toEqual(exactRows(await read(path, false, sparse)));
  expect(exactRows(usual)).toHaveLength(ROWS);
}

describe('reading a Parquet file for its first rows', () => {
  it('DuckDB v1 pages, Snappy: the same rows as the ordinary read', async () => {
    await expectSameAsUsual(await duckFile('v1.parquet', "COMPRESSION 'snappy'"));
  });

  it('DuckDB v2 pages, Snappy: the same rows as the ordinary read', async () => {
    await expectSameAsUsual(await duckFile('v2.parquet', "COMPRESSION 'snappy', PARQUET_VERSION V2"));
  });

  it('arrow-rs pages (one a chunk), Snappy: the same rows as the ordinary read', async () => {
    const batches = await read(await duckFile('source.parquet', "COMPRESSION 'snappy'"), false);
    const path = join(dir, 'one-page.parquet');
    await writeParquetFile(path, batches, 'snappy');
    await expectSameAsUsual(path);
  });
});
