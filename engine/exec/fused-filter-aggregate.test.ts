// A filter (or a scan's pushed filters) right below a partial aggregate hands it a selection
// instead of gathered rows (operators/selected.ts). The results must equal the unfused plan's (a project
// in between stops the fusion), and the filter node's rows out must still be the rows it keeps.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import { planPhysical } from '../physical/planner.ts';
import { executePlan } from './execute.ts';
import { aggregate, expr, filter, pipeline, project, sampleScan } from './plans.test-helper.ts';
import type { LogicalPlan, PipelinePlan, ScanNode } from '../logical/plan.ts';
import { rowsOf } from '../compute/batches.test-helper.ts';
import { diffRows, duckdb, query } from '../compute/duckdb.test-helper.ts';
import { scanOf } from '../io/scan.test-helper.ts';
import { batchMemoryStats } from '../io/parquet/decode/batch-memory.ts';

async function run(plan: PipelinePlan, partitions: number) {
  const phys = planPhysical(plan, { partitions, target: { kind: 'preview', nodeId: plan.leaves[0]!.nodeId } });
  const r = await executePlan(phys, { runId: 't' });
  expect(r.status).toBe('COMPLETED');
  const rows = r.results.get(plan.leaves[0]!.nodeId)!.flatMap((b: RecordBatch) => rowsOf(b));
  const canon = rows.map((row) => JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? String(v) : typeof v === 'number' ? Number(v.toPrecision(12)) : v))).sort();
  return { canon, rowsOf: (nodeId: string) => r.nodes.find((n) => n.nodeId === nodeId)?.rows };
}

const AGGS = [
  { fn: 'sum' as const, column: 'amount', as: 'total' },
  { fn: 'count' as const, as: 'n' },
  { fn: 'count' as const, column: 'amount', as: 'n_amount' },
  { fn: 'avg' as const, column: 'qty', as: 'avg_qty' },
  { fn: 'max' as const, column: 'amount', as: 'top' },
];

describe('filter fused into the partial aggregate above it', () => {
  // Fast-path conditions (select.ts), one with a string compare the fast path does not take, and
  // one it does not take at all.
  for (const condition of ['amount > 50', 'amount > 50 and qty <= 7', "amount > 50 and category != 'books'", 'qty % 3 = 0 or amount < 20']) {
    it(`${condition}: the unfused plan's groups, and the filter's rows out`, async () => {
      const events = await sampleScan('events', 'events', 20_000, 3);
      const kept = filter('kept', events, condition);
      const fused = pipeline(aggregate('agg', kept, ['category'], AGGS));
      const identity = project('same', kept, Object.fromEntries(events.schema.fields.map((f) => [f.name, f.name])));
      const unfused = pipeline(aggregate('agg', identity, ['category'], AGGS));
      const keptRows = (await run(pipeline(kept), 1)).canon.length;
      expect(keptRows).toBeGreaterThan(100);
      expect(keptRows).toBeLessThan(20_000);
      const expected = (await run(unfused, 1)).canon;
      for (const partitions of [1, 3]) {
        const got = await run(fused, partitions);
        expect(got.canon).toEqual(expected);
        expect(got.rowsOf('kept')).toBe(keptRows);
        expect(got.rowsOf('events')).toBe(20_000);
      }
    });
  }

  // Both filters on the fast path (a selection), and the second one off it (gathered rows).
  for (const [second, label] of [['qty <= 7', 'fast'], ["category != 'books'", 'mixed']] as const) {
    it(`a scan with pushed filters (${label}): the unfused groups, and the scan counts the rows it reads`, async () => {
      const events = await sampleScan('events', 'events', 20_000, 4);
      const scan: ScanNode = { ...events, filters: [expr('amount > 50', events.schema), expr(second, events.schema)] };
      const unfusedInput: LogicalPlan = filter('kept', filter('kept0', events, 'amount > 50'), second);
      const expected = (await run(pipeline(aggregate('agg', project('same', unfusedInput, { category: 'category', amount: 'amount', qty: 'qty' }), ['category'], AGGS)), 1)).canon;
      const keptRows = (await run(pipeline(unfusedInput), 1)).canon.length;
      for (const partitions of [1, 2]) {
        const got = await run(pipeline(aggregate('agg', scan, ['category'], AGGS)), partitions);
        expect(got.canon).toEqual(expected);
        // The source's card shows the rows it read; the kept rows are its filters' (node-rows.test.ts).
        expect(got.rowsOf('events')).toBe(20_000);
        expect(keptRows).toBeLessThan(20_000);
      }
    });
  }

  // A Parquet scan's batches go back to the decoder once the aggregate is done with them
  // (decode/batch-memory.ts), and their arrays serve later batches: many batches of equal size,
  // nulls in the summed column, results as DuckDB's.
  it('a Parquet scan with pushed filters, its batch arrays reused: DuckDB\'s groups', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trib-fused-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const duck = await duckdb();
    const path = join(dir, 'events.parquet');
    await duck.run(`COPY (SELECT (range % 7)::INT AS k, CASE WHEN range % 11 = 0 THEN NULL ELSE (range % 1000) / 10.0 END AS amount,
      (range % 13)::INT AS qty, CASE range % 5 WHEN 0 THEN 'a' WHEN 1 THEN 'b' WHEN 2 THEN NULL ELSE 'c' END AS cat
      FROM range(400000)) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 150000)`);
    const base = await scanOf('parquet', { path });
    const scan: ScanNode = { ...base, filters: [expr('qty > 2', base.schema), expr('qty <= 11', base.schema)] };
    const aggs = [
      { fn: 'sum' as const, column: 'amount', as: 'total' },
      { fn: 'count' as const, as: 'n' },
      { fn: 'count' as const, column: 'amount', as: 'n_amount' },
      { fn: 'avg' as const, column: 'qty', as: 'avg_qty' },
      { fn: 'min' as const, column: 'amount', as: 'low' },
    ];
    const theirs = await query(duck, `SELECT cat, k, round(sum(amount), 6), count(*), count(amount), round(avg(qty), 9), min(amount)
      FROM read_parquet('${path}') WHERE qty > 2 AND qty <= 11 GROUP BY cat, k`);
    const reusedBefore = batchMemoryStats.reused;
    for (const partitions of [1, 2]) {
      for (const keys of [['cat'], ['cat', 'k']]) {
        const got = await run(pipeline(aggregate('agg', scan, keys, aggs)), partitions);
        const rows = got.canon.map((r) => JSON.parse(r) as unknown[]);
        const ours = keys.length === 2 ? rows.map((r) => [r[0], r[1], Math.round((r[2] as number) * 1e6) / 1e6, Number(r[3]), Number(r[4]), Math.round((r[5] as number) * 1e9) / 1e9, r[6]]) : null;
        if (ours) expect(diffRows(ours, theirs)).toBeNull();
        else expect(rows.length).toBe(4);
      }
    }
    // Without filters the scan's batches go back to the decoder too.
    const all = await query(duck, `SELECT cat, k, round(sum(amount), 6), count(*), count(amount), round(avg(qty), 9), min(amount)
      FROM read_parquet('${path}') GROUP BY cat, k`);
    const whole = await run(pipeline(aggregate('agg', base, ['cat', 'k'], aggs)), 2);
    expect(whole.rowsOf('src')).toBe(400_000);
    const wholeRows = whole.canon.map((r) => JSON.parse(r) as unknown[])
      .map((r) => [r[0], r[1], Math.round((r[2] as number) * 1e6) / 1e6, Number(r[3]), Number(r[4]), Math.round((r[5] as number) * 1e9) / 1e9, r[6]]);
    expect(diffRows(wholeRows, all)).toBeNull();
    expect(batchMemoryStats.reused - reusedBefore).toBeGreaterThan(10); // (the runs are inline: this thread's counters)
  });
});
