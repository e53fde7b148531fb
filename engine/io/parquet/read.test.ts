import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RecordBatch, tableFromArrays, tableToIPC } from 'apache-arrow';
import { Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Expr } from '../../logical/expr.ts';
import type { ScanNode } from '../../logical/plan.ts';
import { inferSourceSchema } from '../source-schema.ts';
import { planSplits, readSplit } from '../splits.ts';
import { parquetReadStats, planParquetParts } from './read.ts';

const dir = mkdtempSync(join(tmpdir(), 'trib-io-pq-'));
const file = join(dir, 'ten-groups.parquet');
const ROWS = 10_000;

beforeAll(() => {
  // id 0..9999 sorted, so each 1000-row group covers a disjoint id range.
  const t = tableFromArrays({
    id: Int32Array.from({ length: ROWS }, (_, i) => i),
    amount: Float64Array.from({ length: ROWS }, (_, i) => (i % 7) * 1.5),
    tag: Array.from({ length: ROWS }, (_, i) => (i < 5000 ? 'low' : 'high')),
    maybe: Array.from({ length: ROWS }, (_, i) => (i >= 2000 ? null : i)),
  });
  const props = new WriterPropertiesBuilder().setMaxRowGroupSize(1000).build();
  writeFileSync(file, writeParquet(WasmTable.fromIPCStream(tableToIPC(t, 'stream')), props));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const col = (name: string, type: 'int32' | 'string' | 'float64' = 'int32'): Expr => ({ kind: 'column', name, type });
const lit = (value: number | string): Expr => ({ kind: 'literal', value, type: typeof value === 'string' ? 'string' : 'int32' });

async function scanOf(columns: string[], filters: Expr[] = []): Promise<ScanNode> {
  const { schema } = await inferSourceSchema('parquet', { path: file });
  return {
    op: 'scan', nodeId: 'src', format: 'parquet', options: { path: file }, sourceSchema: schema,
    columns, filters, schema: { fields: columns.map((c) => schema.fields.find((f) => f.name === c)!) },
  };
}

async function readAll(scan: ScanNode, partitions = 2): Promise<{ batches: RecordBatch[]; decoded: number }> {
  const before = parquetReadStats.rowGroupsDecoded;
  const batches: RecordBatch[] = [];
  for (const split of await planSplits(scan, partitions)) {
    const cloned = structuredClone(split); // splits travel to workers
    for await (const b of readSplit(cloned, scan)) batches.push(b);
  }
  return { batches, decoded: parquetReadStats.rowGroupsDecoded - before };
}

describe('Parquet scan', () => {
  it('reads only the projected columns, in the scan order, across all row groups', async () => {
    const { batches, decoded } = await readAll(await scanOf(['amount', 'id']));
    expect(decoded).toBe(10);
    expect(batches.every((b) => b.schema.fields.map((f) => f.name).join() === 'amount,id')).toBe(true);
    const ids = batches.flatMap((b) => Array.from(b.getChild('id')!.toArray() as Int32Array));
    expect(ids).toEqual(Array.from({ length: ROWS }, (_, i) => i));
  });

  it('skips row groups whose statistics exclude the filter', async () => {
    const cases: [Expr, number][] = [
      [{ kind: 'binary', op: '>=', left: col('id'), right: lit(8500) }, 2],
      [{ kind: 'binary', op: '<', left: lit(8500), right: col('id') }, 2], // literal on the left
      [{ kind: 'between', operand: col('id'), low: lit(1200), high: lit(2100), negated: false }, 2],
      [{ kind: 'in', operand: col('id'), list: [lit(5), lit(9999)], negated: false }, 2],
      [{ kind: 'binary', op: '=', left: col('tag', 'string'), right: lit('low') }, 5],
      [{ kind: 'isNull', operand: col('maybe'), negated: true }, 2],
      [{ kind: 'isNull', operand: col('maybe'), negated: false }, 8],
      [{ kind: 'binary', op: 'or', left: { kind: 'binary', op: '<', left: col('id'), right: lit(500) },
        right: { kind: 'binary', op: '>', left: col('id'), right: lit(9500) } }, 2],
      // Float statistics leave NaN out and this writer records no nan_count: a NaN row would pass
      // `> 100` (NaN is above every number), so no group may be skipped; none passes `< -1`.
      [{ kind: 'binary', op: '>', left: col('amount', 'float64'), right: lit(100) }, 10],
      [{ kind: 'binary', op: '<', left: col('amount', 'float64'), right: lit(-1) }, 0],
      // Not understood (a function call): every group is kept.
      [{ kind: 'call', fn: 'abs', args: [col('id')] }, 10],
    ];
    for (const [filter, groups] of cases) {
      const { batches, decoded } = await readAll(await scanOf(['id'], [filter]));
      expect(decoded, JSON.stringify(filter)).toBe(groups);
      expect(batches.reduce((n, b) => n + b.numRows, 0)).toBe(groups * 1000);
    }
  });

  it('splits of a file cover every row group exactly once, whatever the partition count', async () => {
    for (const p of [1, 3, 16]) {
      const { batches } = await readAll(await scanOf(['id']), p);
      expect(batches.reduce((n, b) => n + b.numRows, 0)).toBe(ROWS);
    }
  });
});

describe('Parquet decode paths', () => {
  it('FFI copy and IPC round trip give identical batches (every type, DuckDB- and parquet-wasm-written files)', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const duckFile = join(dir, 'duck-types.parquet');
    await duck.run(`COPY (SELECT range::INT AS i, range::BIGINT * 1000000007 AS l, range / 3.0 AS f, (range % 2 = 0) AS b,
      CASE WHEN range % 5 = 0 THEN NULL ELSE 'ü' || range END AS s, DATE '2000-01-01' + range::INT AS d,
      TIMESTAMP '2020-01-01' + INTERVAL (range) SECOND AS ts, range::SMALLINT AS small, range::FLOAT AS f32,
      [range::DOUBLE, 1.5] AS vec FROM range(3000)) TO '${duckFile}' (FORMAT PARQUET, ROW_GROUP_SIZE 1000)`);
    const { parquetDecode } = await import('./read.ts');
    const { exactRows } = await import('../scan.test-helper.ts');
    for (const path of [file, duckFile]) {
      const { schema } = await inferSourceSchema('parquet', { path });
      const cols = schema.fields.map((f) => f.name);
      const scan: ScanNode = { op: 'scan', nodeId: 'src', format: 'parquet', options: { path }, sourceSchema: schema, columns: cols, filters: [], schema };
      parquetDecode.path = 'ipc';
      const viaIpc = (await readAll(scan)).batches;
      parquetDecode.path = 'ffi';
      const viaFfi = (await readAll(scan)).batches;
      expect(viaFfi.map((b) => b.schema.fields.map((f) => `${f.name}:${f.type}`).join())).toEqual(viaIpc.map((b) => b.schema.fields.map((f) => `${f.name}:${f.type}`).join()));
      expect(exactRows(viaFfi)).toEqual(exactRows(viaIpc));
      expect(exactRows(viaFfi).length).toBe(path === file ? ROWS : 3000);
    }
  });

  it('packs whole row groups into parts that stay within the target (an even split over partitions)', async () => {
    const groups = async (target: number) => (await planParquetParts([file], [], target)).map((p) => p.rowGroups.length);
    expect(await groups(1250)).toEqual(Array(10).fill(1)); // not five parts of two: 3:2 over two partitions
    expect(await groups(2500)).toEqual(Array(5).fill(2));
    expect(await groups(500)).toEqual(Array(10).fill(1)); // a group bigger than the target is a part of its own
    expect(await groups(4000)).toEqual([4, 4, 2]);
  });
});
