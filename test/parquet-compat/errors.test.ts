// What a pipeline over a file Tributary cannot read fully says: nested columns (DuckDB-written
// LIST, STRUCT and MAP) are refused when the pipeline is checked, naming the node, the column
// and how to flatten the file; a UBIGINT value beyond int64 fails the run naming the node and
// the column (never a wrapped value), while UBIGINT values within int64 read exactly.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/exec/engine.ts';
import { duckdb } from '../../engine/compute/duckdb.test-helper.ts';
import { firstDifference, readWithDuckdb, readWithTributary, sourceDoc } from './compat-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'trib-pq-compat-errors-'));
const engine = new Engine({ threads: 1 });
let duck: DuckDBConnection;

beforeAll(async () => { duck = await duckdb(); });
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The run's failure: the compile issues' messages, or the failed run's error. */
async function failure(path: string): Promise<{ nodeId?: string; message: string }> {
  try {
    const r = await engine.run(sourceDoc(path), { baseDir: dir, partitions: 2, mode: 'inline' });
    expect(r.status).toBe('FAILED');
    return r.error!;
  } catch (e) {
    const issues = (e as { issues?: { nodeId?: string; param?: string; message: string }[] }).issues;
    if (!issues) throw e;
    return { nodeId: issues[0]!.nodeId, message: issues.map((i) => `${i.param ?? ''}: ${i.message}`).join('\n') };
  }
}

describe('nested columns', () => {
  const CASES = [
    ['LIST', '[range, range + 1]'],
    ['STRUCT', "{'a': range, 'b': 'x' || range}"],
    ['MAP', "MAP {'k': range}"],
    ['LIST', "['x' || range]"],
  ] as const;
  for (const [kind, expr] of CASES) {
    it(`a ${kind} column (${expr}) is refused naming the node, the column and how to flatten`, async () => {
      const path = join(dir, `nested-${kind}-${CASES.findIndex((c) => c[1] === expr)}.parquet`);
      await duck.run(`COPY (SELECT range::BIGINT AS id, ${expr} AS nested_col FROM range(3000)) TO '${path}' (FORMAT parquet, PARQUET_VERSION v2, ROW_GROUP_SIZE 1000)`);
      const f = await failure(path);
      expect(f.nodeId).toBe('src');
      expect(f.message).toContain(`column 'nested_col' is a nested Parquet ${kind}`);
      expect(f.message).toContain('Flatten the file first');
      expect(f.message).toContain('EXCLUDE ("nested_col")');
    });
  }

  it('a list of doubles is a vector column and reads (multi-row-group v2 file)', async () => {
    const path = join(dir, 'vector.parquet');
    await duck.run(`COPY (SELECT range::BIGINT AS id, [range / 2, range * 1.5]::DOUBLE[] AS v FROM range(3000)) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 1000)`);
    const ours = await readWithTributary(engine, path, dir);
    expect(ours.types).toEqual(['int64', 'vector']);
    expect(ours.rows.length).toBe(3000);
    expect(ours.rows[7]).toEqual([7n, [3.5, 10.5]]);
  });
});

describe('unsigned integers', () => {
  it('values within int64 read exactly, on our decoder', async () => {
    const path = join(dir, 'ubigint-ok.parquet');
    await duck.run(`COPY (SELECT range::BIGINT AS id, CASE WHEN range % 7 = 0 THEN NULL WHEN range = 5 THEN 9223372036854775807::UBIGINT ELSE (range * 1000000007)::UBIGINT END AS u FROM range(5000)) TO '${path}' (FORMAT parquet, PARQUET_VERSION v2, ROW_GROUP_SIZE 2048, COMPRESSION zstd)`);
    const ours = await readWithTributary(engine, path, dir);
    const theirs = await readWithDuckdb(duck, path);
    expect(ours.path).toBe('own');
    expect(ours.types).toEqual(['int64', 'int64']);
    expect(firstDifference(theirs.columns, ours.rows, theirs.rows)).toBeNull();
    expect(ours.rows[5]).toEqual([5n, 9223372036854775807n]);
  });

  it('a value beyond int64 fails the run naming the node and the column, also when it is dictionary-encoded or null-adjacent', async () => {
    for (const [name, expr] of [
      ['plain', 'CASE WHEN range = 4000 THEN 18446744073709551000::UBIGINT ELSE range::UBIGINT END'],
      ['dict', 'CASE WHEN range % 3 = 0 THEN NULL WHEN range % 3 = 1 THEN 9223372036854775808::UBIGINT ELSE 1::UBIGINT END'],
    ] as const) {
      const path = join(dir, `ubigint-${name}.parquet`);
      await duck.run(`COPY (SELECT range::BIGINT AS id, ${expr} AS big_u FROM range(5000)) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
      const f = await failure(path);
      expect(f.nodeId).toBe('src');
      expect(f.message).toMatch(/column 'big_u' holds the unsigned 64-bit value (18446744073709551000|9223372036854775808), beyond the largest int64/);
      expect(f.message).toContain('write the column as DOUBLE or DECIMAL');
    }
  });

  it('unsigned statistics are read unsigned: a filter over values past 2^31 (uint32) and 2^63 (uint64) keeps its row groups', async () => {
    const path = join(dir, 'unsigned-stats.parquet');
    await duck.run(`COPY (SELECT range::BIGINT AS id, (range + 4294967284)::UINTEGER AS u32 FROM range(12)) TO '${path}' (FORMAT parquet)`);
    const src = sourceDoc(path);
    const doc = {
      ...src, nodes: [...src.nodes, { id: 'big', kind: 'transform.filter', params: { condition: 'u32 > 4294967289' } }],
      edges: [{ from: 'src', to: 'big' }],
    };
    const out = await engine.preview(doc, 'big', { baseDir: dir, partitions: 1, mode: 'inline', limit: 100 });
    expect(out.totalRows).toBe(6);
  });
});
