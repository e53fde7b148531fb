// The sort operator under a small task memory budget: sorted runs spilled and merged k ways,
// multiple keys, nulls first and last, ties kept in input order (stable, as the in-memory sort),
// equal to DuckDB and to the unbounded operator; a top-k never spills.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SortKey } from '../../../logical/plan.ts';
import type { SortOp } from '../../../physical/physical-types.ts';
import { type ColumnSpec, randomValues, rng, rowsOf } from '../../../compute/batches.test-helper.ts';
import { diffRows, duckdb, loadTable, query } from '../../../compute/duckdb.test-helper.ts';
import { sortOperator } from '../sort.ts';
import { collect } from '../contract.ts';
import { externalSort, type SortSpillStats } from './external-sort.ts';
import { type PartitionTask, runPartition } from '../../run-partition.ts';
import type { RecordBatch } from 'apache-arrow';
import { batchesOf, context, inputOp, opener, schemaOf, spillMemory } from './spill.test-helper.ts';
import { rmSync } from 'node:fs';
import { isSpilled, type SpillRef } from '../../spill.ts';
import { readIpcFile } from '../../../io/arrow-ipc.ts';

const N = 60_000;
const r = rng(5);
const specs: ColumnSpec[] = [
  { name: 'c', type: 'string', values: randomValues('string', N, r, { distinct: 16, nullRate: 0.05 }), dictionary: true },
  { name: 'f', type: 'float64', values: randomValues('float64', N, r, { nullRate: 0.05 }) },
  { name: 'k', type: 'int32', values: randomValues('int32', N, r, { distinct: 50, nullRate: 0.05 }) },
  { name: 'ts', type: 'timestamp', values: randomValues('timestamp', N, r, { distinct: 200 }) },
  // The input position: ties on the sort keys must keep it in order.
  { name: 'pos', type: 'int32', values: Array.from({ length: N }, (_, i) => i) },
];
const schema = schemaOf(specs);
const input = batchesOf(specs, 5000);
let conn: DuckDBConnection;
beforeAll(async () => { conn = await duckdb(); await loadTable(conn, 't', specs); }, 120_000);
afterAll(() => { conn.closeSync(); });

const KEY_SETS: SortKey[][] = [
  [{ column: 'k', descending: false, nullsFirst: true }],
  [{ column: 'c', descending: true, nullsFirst: false }, { column: 'f', descending: false, nullsFirst: true }],
  [{ column: 'ts', descending: true, nullsFirst: true }, { column: 'k', descending: false, nullsFirst: false }, { column: 'c', descending: false, nullsFirst: true }],
];
const orderBy = (keys: SortKey[]): string => keys.map((k) => `"${k.column}" ${k.descending ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ');
const sortOp = (keys: SortKey[], limit?: number): SortOp => ({ kind: 'sort', id: 2, nodeId: 'sort', final: true, schema, input: inputOp(1, schema), keys, ...(limit ? { limit } : {}) } as SortOp);

describe('sort under a memory budget', () => {
  KEY_SETS.forEach((keys, n) => {
    it(`key set ${n}: runs spilled and merged, stable, equal to DuckDB and the unbounded sort`, async () => {
      const sm = spillMemory(256 * 1024);
      try {
        const stats: SortSpillStats = { runs: 0 };
        const out = await collect(externalSort(opener({ 1: input })(inputOp(1, schema)), keys, sm.memory, 'sort', stats));
        expect(stats.runs).toBeGreaterThan(2);
        expect(out.length).toBeGreaterThan(1);
        expect(sm.memory.spilledBytes).toBeGreaterThan(0);
        expect(sm.files()).toEqual([]);
        expect(sm.memory.held).toBe(0);
        const rows = out.flatMap(rowsOf);
        // Input position as the last key: DuckDB's order is the stable one.
        const want = await query(conn, `SELECT * FROM t ORDER BY ${orderBy(keys)}, pos`);
        expect(diffRows(rows, want, true)).toBeNull();
        const op = sortOp(keys);
        const unbounded = (await collect(sortOperator.run(op, context(op), opener({ 1: input })))).flatMap(rowsOf);
        expect(diffRows(rows, unbounded, true)).toBeNull();
      } finally { sm.cleanup(); }
    });
  });

  it('merges within the task share: more runs than it holds are merged in passes first', async () => {
    const keys = KEY_SETS[2]!;
    for (const budget of [256 * 1024, 1024 * 1024]) {
      const sm = spillMemory(budget);
      try {
        const stats: SortSpillStats = { runs: 0 };
        const out = await collect(externalSort(opener({ 1: input })(inputOp(1, schema)), keys, sm.memory, 'sort', stats));
        expect(stats.fanIn).toBeLessThan(stats.runs);
        expect(stats.premergedRuns).toBeGreaterThanOrEqual(stats.runs - stats.fanIn! + 1);
        expect(sm.memory.held).toBe(0);
        expect(sm.files()).toEqual([]);
        const want = await query(conn, `SELECT * FROM t ORDER BY ${orderBy(keys)}, pos`);
        expect(diffRows(out.flatMap(rowsOf), want, true)).toBeNull();
      } finally { sm.cleanup(); }
    }
  });

  it('through the operator; a top-k keeps its candidates in memory and never spills', async () => {
    const keys = KEY_SETS[1]!;
    const sm = spillMemory(256 * 1024);
    try {
      const op = sortOp(keys);
      const rows = (await collect(sortOperator.run(op, context(op, sm.memory), opener({ 1: input })))).flatMap(rowsOf);
      expect(sm.memory.spilledBytes).toBeGreaterThan(0);
      expect(diffRows(rows, await query(conn, `SELECT * FROM t ORDER BY ${orderBy(keys)}, pos`), true)).toBeNull();
      const spilled = sm.memory.spilledBytes;
      const top = sortOp(keys, 100);
      const best = (await collect(sortOperator.run(top, context(top, sm.memory), opener({ 1: input })))).flatMap(rowsOf);
      expect(sm.memory.spilledBytes).toBe(spilled);
      expect(diffRows(best, await query(conn, `SELECT * FROM t ORDER BY ${orderBy(keys)}, pos LIMIT 100`), true)).toBeNull();
      expect(sm.files()).toEqual([]);
    } finally { sm.cleanup(); }
  });

  it('an abandoned merge deletes its runs', async () => {
    const sm = spillMemory(256 * 1024);
    try {
      const op = sortOp(KEY_SETS[0]!);
      const it = sortOperator.run(op, context(op, sm.memory), opener({ 1: input }))[Symbol.asyncIterator]();
      expect((await it.next()).done).toBe(false);
      expect(sm.files().length).toBeGreaterThanOrEqual(2);
      await it.return?.();
      expect(sm.files()).toEqual([]);
    } finally { sm.cleanup(); }
  });

  it('through runPartition: a task with a memory share sorts externally (runs merged into many batches)', async () => {
    const keys = KEY_SETS[2]!;
    const sm = spillMemory(256 * 1024);
    try {
      const task = (memory?: PartitionTask<RecordBatch>['memory']): PartitionTask<RecordBatch> => ({
        stage: { id: 1, root: sortOp(keys), output: { kind: 'gather' }, partitions: 1 }, partition: 0, splits: {}, inputs: { 1: [...input] }, // the task consumes its input lists
        ...(memory ? { memory } : {}),
      });
      const bounded = await runPartition(task({ budgetBytes: 256 * 1024, spillDir: sm.dir }));
      const unbounded = await runPartition(task());
      // The in-memory sort gives one batch; the merge streams batches of RUN_SLICE_ROWS (which the
      // task itself may write out as an output spill file over its share: read back, then removed).
      expect(unbounded.outputs[0]!.length).toBe(1);
      const boundedRows = await outputRows(bounded.outputs[0]!);
      expect(boundedRows.batches).toBeGreaterThan(3);
      expect(diffRows(boundedRows.rows, (unbounded.outputs[0]! as RecordBatch[]).flatMap(rowsOf), true)).toBeNull();
      expect(sm.files()).toEqual([]);
    } finally { sm.cleanup(); }
  });
});

/** A task's output list as rows, its output spill files (the task's own, not the sort's) read
 *  back in order and removed. */
async function outputRows(list: readonly (RecordBatch | SpillRef)[]): Promise<{ rows: ReturnType<typeof rowsOf>; batches: number }> {
  const rows: ReturnType<typeof rowsOf> = [];
  let batches = 0;
  for (const e of list) {
    if (!isSpilled(e)) { rows.push(...rowsOf(e)); batches++; continue; }
    for await (const b of readIpcFile(e.path)) { rows.push(...rowsOf(b)); batches++; }
    rmSync(e.path, { force: true });
  }
  return { rows, batches };
}
