// The Parquet writer flushes row groups of at most ROW_GROUP_ROWS rows (parquet-wasm holds a
// whole row group in its memory, which never shrinks), and what it writes reads back whole.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { batchOf } from '../../compute/batches.test-helper.ts';
import { readFooter } from './footer.ts';
import { ROW_GROUP_ROWS, writeParquetFile } from './write.ts';
import { DuckDBInstance } from '@duckdb/node-api';

const dir = mkdtempSync(join(tmpdir(), 'trib-parquet-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeParquetFile', () => {
  it('cuts a long input into row groups of at most ROW_GROUP_ROWS rows', async () => {
    const rows = 2 * ROW_GROUP_ROWS + 5000;
    // Batches of 8192 rows, as a sort or a read of spill files gives them.
    const batches = Array.from({ length: Math.ceil(rows / 8192) }, (_, i) => {
      const n = Math.min(8192, rows - i * 8192);
      return batchOf([
        { name: 'id', type: 'int64', values: Array.from({ length: n }, (_, j) => i * 8192 + j) },
        { name: 'x', type: 'float64', values: Array.from({ length: n }, (_, j) => ((i * 8192 + j) % 97) / 7) },
      ]);
    });
    const path = join(dir, 'groups.parquet');
    expect(await writeParquetFile(path, batches, 'snappy')).toBe(rows);
    const footer = await readFooter(path);
    expect(footer.rowGroups.length).toBe(3);
    expect(Math.max(...footer.rowGroups.map((g) => g.numRows))).toBeLessThanOrEqual(ROW_GROUP_ROWS);
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const r = await duck.runAndReadAll(`SELECT count(*)::INT, sum(id)::BIGINT, count(DISTINCT id)::INT FROM read_parquet('${path}')`);
    expect(r.getRows()[0]).toEqual([rows, BigInt((rows * (rows - 1)) / 2), rows]);
    duck.closeSync();
  });
});
