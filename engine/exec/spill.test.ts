import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import { planPhysical } from '../physical/planner.ts';
import { executePlan } from './execute.ts';
import { WorkerPool } from './pool.ts';
import type { RunEvent } from './events.ts';
import { aggregate, pipeline, sampleScan, sort } from './plans.test-helper.ts';

const pool = new WorkerPool(2);
afterAll(() => pool.close());

function runFolders(): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith('tributary-run-spilltest'));
}

function rows(batches: readonly RecordBatch[]): string[] {
  return batches.flatMap((b) => b.toArray().map((r) => JSON.stringify(r.toJSON(), (_k, v) => (typeof v === 'bigint' ? String(v) : v))));
}

describe('spilling exchanges over the memory budget', () => {
  it('spills to Arrow IPC files, gives the same rows, reports spilled bytes and removes the run folder', async () => {
    const ev = await sampleScan('events', 'events', 50_000, 5);
    const agg = aggregate('agg', ev, ['event_id', 'category'], [{ fn: 'sum', column: 'amount', as: 's' }]);
    const plan = pipeline(sort('sorted', agg, [{ column: 'event_id' }]));
    const phys = planPhysical(plan, { partitions: 2, target: { kind: 'preview', nodeId: 'sorted' } });
    const plain = await executePlan(phys, { runId: 'spilltest-a', pool });
    for (const usePool of [true, false]) {
      const events: RunEvent[] = [];
      const spilled = await executePlan(phys, {
        runId: 'spilltest-b', ...(usePool ? { pool } : {}), memoryBudgetBytes: 64 * 1024, onEvent: (e) => events.push(e),
      });
      expect(spilled.status).toBe('COMPLETED');
      const spilledBytes = events.reduce((n, e) => n + (e.type === 'partition.finished' ? e.spilledBytes : 0), 0);
      expect(spilledBytes).toBeGreaterThan(64 * 1024);
      expect(rows(spilled.results.get('sorted')!)).toEqual(rows(plain.results.get('sorted')!));
      expect(runFolders()).toEqual([]);
    }
  });

  it('removes spill files when the run is cancelled', async () => {
    const ev = await sampleScan('events', 'events', 2_000_000, 5);
    const agg = aggregate('agg', ev, ['event_id'], [{ fn: 'count', as: 'n' }]);
    const phys = planPhysical(pipeline(agg), { partitions: 2, target: { kind: 'preview', nodeId: 'agg' } });
    const controller = new AbortController();
    // Cancelled once a spill file exists: written by a task (its output, or an operator while it
    // runs, seen at a progress report) or by the exchange store.
    const spillFiles = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith('tributary-run-spilltest-c'))
      .flatMap((d) => readdirSync(join(tmpdir(), d)));
    let seen = 0;
    const result = await executePlan(phys, {
      runId: 'spilltest-c', pool, memoryBudgetBytes: 64 * 1024, signal: controller.signal, progressEveryMs: 20,
      onEvent: (e) => {
        if (controller.signal.aborted || (e.type !== 'partition.finished' && e.type !== 'node.progress')) return;
        seen = spillFiles().length;
        if (seen > 0) controller.abort();
      },
    });
    expect(seen).toBeGreaterThan(0);
    expect(result.status).toBe('CANCELLED');
    expect(runFolders()).toEqual([]);
  });
});
