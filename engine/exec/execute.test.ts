import { afterAll, describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import { planPhysical } from '../physical/planner.ts';
import { executePlan } from './execute.ts';
import { WorkerPool } from './pool.ts';
import type { RunEvent } from './events.ts';
import { filter, pipeline, project, sampleScan } from './plans.test-helper.ts';
import type { PipelinePlan } from '../logical/plan.ts';

const pool = new WorkerPool(2);
afterAll(() => pool.close());

function rowsOf(batches: readonly RecordBatch[]): string[] {
  return batches.flatMap((b) => b.toArray().map((r) => JSON.stringify(r.toJSON(), (_k, v) => (typeof v === 'bigint' ? String(v) : v))));
}

async function runIt(plan: PipelinePlan, partitions: number, usePool: boolean, events?: RunEvent[], live?: { progressEveryMs: number; holdUntilProgressSeen: boolean }) {
  const phys = planPhysical(plan, { partitions, target: { kind: 'preview', nodeId: plan.leaves[0]!.nodeId } });
  return executePlan(phys, { runId: 't', ...(usePool ? { pool } : {}), ...(events ? { onEvent: (e) => events.push(e) } : {}), ...live });
}

describe('executePlan: scan -> filter -> project', () => {
  it('gives the same rows, in the same order, for 1, 2 and 4 partitions, inline and on the pool', async () => {
    const events = await sampleScan('events', 'events', 30_000, 7);
    const big = filter('big', events, 'amount > 50 and category != \'books\'');
    const out = project('out', big, { event_id: 'event_id', user_id: 'user_id', double: 'amount * 2', cat: 'upper(category)' });
    const plan = pipeline(out);
    const base = await runIt(plan, 1, false);
    expect(base.status).toBe('COMPLETED');
    const expected = rowsOf(base.results.get('out')!);
    expect(expected.length).toBeGreaterThan(1000);
    expect(expected.length).toBeLessThan(30_000);
    for (const [p, usePool] of [[2, false], [4, false], [1, true], [2, true], [4, true]] as const) {
      const r = await runIt(plan, p, usePool);
      expect(r.status).toBe('COMPLETED');
      expect(rowsOf(r.results.get('out')!)).toEqual(expected);
      expect(r.nodes.find((n) => n.nodeId === 'out')!.rows).toBe(expected.length);
      expect(r.nodes.find((n) => n.nodeId === 'events')!.rows).toBe(30_000);
    }
  });

  it('emits run, partition, stage and node events in order', async () => {
    const events = await sampleScan('events', 'events', 5000, 1);
    const plan = pipeline(filter('f', events, 'qty > 2'));
    const seen: RunEvent[] = [];
    await runIt(plan, 2, true, seen);
    expect(seen[0]!.type).toBe('run.started');
    expect(seen.at(-1)!.type).toBe('run.finished');
    const parts = seen.filter((e) => e.type === 'partition.finished');
    expect(parts).toHaveLength(2);
    expect(parts.reduce((n, e) => n + (e.type === 'partition.finished' ? e.rowsIn : 0), 0)).toBe(5000);
    const stage = seen.find((e) => e.type === 'stage.finished');
    expect(stage && stage.type === 'stage.finished' && stage.rows.max).toBeGreaterThan(0);
    expect(seen.some((e) => e.type === 'node.progress' && e.nodeId === 'f' && e.partitionsTotal === 2)).toBe(true);
  });

  // Not timing-dependent: progress is reported after every batch, and each pool task waits after
  // its first report until this thread has emitted it (inline tasks report synchronously), so a
  // report of rows arrives before any partition of the scan finished, however fast the kernels.
  it('reports rows while partitions are still running, on the pool and inline', async () => {
    const total = 300_000;
    const events = await sampleScan('events', 'events', total, 2);
    const plan = pipeline(filter('f', events, 'qty > 2'));
    for (const usePool of [true, false]) {
      const seen: RunEvent[] = [];
      const r = await runIt(plan, 2, usePool, seen, { progressEveryMs: 0, holdUntilProgressSeen: true });
      expect(r.status).toBe('COMPLETED');
      const progress = seen.filter((e) => e.type === 'node.progress' && e.nodeId === 'events');
      const live = progress.filter((e) => e.type === 'node.progress' && e.partitionsDone === 0);
      expect(live.length).toBeGreaterThan(0);
      const liveRows = live.map((e) => (e.type === 'node.progress' ? e.rows : 0));
      expect(liveRows[0]!).toBeGreaterThan(0);
      expect(liveRows[0]!).toBeLessThan(total);
      // Whatever the interleaving: partitions done only grow, within the total; rows never exceed
      // the final count; the last report is the final count with every partition done.
      const done = progress.map((e) => (e.type === 'node.progress' ? e.partitionsDone : -1));
      expect(done.every((d, i) => d <= 2 && (i === 0 || d >= done[i - 1]!))).toBe(true);
      const rows = progress.map((e) => (e.type === 'node.progress' ? e.rows : 0));
      expect(rows.every((n) => n <= total)).toBe(true);
      const last = progress.at(-1)!;
      expect(last.type === 'node.progress' && [last.rows, last.partitionsDone]).toEqual([total, 2]);
      expect(r.nodes.find((n) => n.nodeId === 'events')!.rows).toBe(total);
    }
  });
});
