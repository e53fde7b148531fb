import { describe, expect, it } from 'vitest';
import { planPhysical } from '../physical/planner.ts';
import { executePlan } from './execute.ts';
import { WorkerPool } from './pool.ts';
import { filter, pipeline, sampleScan } from './plans.test-helper.ts';
import type { LogicalPlan } from '../logical/plan.ts';
import { NodeExecutionError } from '../errors.ts';
import { mlStage } from '../ml/registry.ts';
import type { RunEvent } from './events.ts';

function ports(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;
}

/** The ports of workers that have exited: close() resolves once every thread of the pool has
 *  emitted 'exit' (those an abort ended included), and their handles close within the next few
 *  turns of the event loop; counted in turns, not milliseconds, so a slow machine waits longer. */
async function portsSettle(expected: number): Promise<number> {
  for (let turn = 0; turn < 100 && ports() !== expected; turn++) await new Promise((r) => setImmediate(r));
  return ports();
}

describe('cancellation and failure', () => {
  it('cancels a pooled run: status CANCELLED, the pool keeps its size, nothing left after close', async () => {
    const before = ports();
    const pool = new WorkerPool(2);
    const ev = await sampleScan('events', 'events', 20_000_000, 3);
    const plan = pipeline(filter('f', ev, 'amount > 10 and qty > 1'));
    const phys = planPhysical(plan, { partitions: 2, target: { kind: 'preview', nodeId: 'f' } });
    const controller = new AbortController();
    const events: string[] = [];
    // Cancelled at the first live report: a worker is then certainly running its task (no timer),
    // so the abort terminates a busy worker thread and piscina starts a replacement.
    const onEvent = (e: RunEvent): void => {
      events.push(e.type);
      if (e.type === 'node.progress' && e.partitionsDone === 0) controller.abort();
    };
    const result = await executePlan(phys, { runId: 'c', pool, signal: controller.signal, onEvent, progressEveryMs: 0 });
    expect(result.status).toBe('CANCELLED');
    expect(events.at(-1)).toBe('run.finished');
    expect(pool.liveThreads).toBeLessThanOrEqual(2);
    await pool.close();
    // A terminated thread exiting after piscina's destroy() made it start fresh threads in the
    // closed pool, which then lived on (and broke the port count of later tests): close() takes
    // that exit handler away from every thread still shutting down.
    expect(pool.respawningExits).toBe(0);
    expect(pool.liveThreads).toBe(0);
    expect(await portsSettle(before)).toBe(before);
  });

  it('cancels an inline run between batches', async () => {
    const ev = await sampleScan('events', 'events', 3_000_000, 3);
    const phys = planPhysical(pipeline(filter('f', ev, 'qty > 1')), { partitions: 2, target: { kind: 'preview', nodeId: 'f' } });
    const controller = new AbortController();
    // Cancelled at the first live report (sent after the first batch): the next batch must not run.
    let reports = 0;
    const onEvent = (e: RunEvent): void => {
      if (e.type !== 'node.progress' || e.partitionsDone !== 0) return;
      reports++;
      controller.abort();
    };
    const result = await executePlan(phys, { runId: 'c2', signal: controller.signal, onEvent, progressEveryMs: 0 });
    expect(result.status).toBe('CANCELLED');
    expect(reports).toBeGreaterThan(0);
    expect(result.nodes.find((n) => n.nodeId === 'events')!.rows).toBe(0);
  });

  it('fails the run with an error naming the failing node, inline and pooled, and leaves no worker behind', async () => {
    const before = ports();
    const pool = new WorkerPool(2);
    const ev = await sampleScan('events', 'events', 50_000, 3);
    // A condition on a column the batches do not have: the kernel throws inside the task.
    const broken: LogicalPlan = { op: 'filter', nodeId: 'broken', input: ev, schema: ev.schema, condition: { kind: 'column', name: 'no_such_column', type: 'bool' } };
    const phys = planPhysical(pipeline(broken), { partitions: 2, target: { kind: 'preview', nodeId: 'broken' } });
    for (const usePool of [false, true]) {
      const result = await executePlan(phys, { runId: 'f', ...(usePool ? { pool } : {}) });
      expect(result.status).toBe('FAILED');
      expect(result.error?.nodeId).toBe('broken');
      expect(result.error?.message).toMatch(/broken/);
    }
    expect(pool.liveThreads).toBeLessThanOrEqual(2);
    await pool.close();
    expect(await portsSettle(before)).toBe(before);
  });

  it('NodeExecutionError from planning names an ML node whose kind has no stage', async () => {
    const ev = await sampleScan('events', 'events', 10);
    const ml: LogicalPlan = { op: 'ml', nodeId: 'imp', kind: 'feature.notInThisBuild', inputs: [ev], ports: ['in'], params: {}, port: 'out', schema: ev.schema };
    expect(() => planPhysical(pipeline(ml), { partitions: 1, target: { kind: 'run' }, mlStages: mlStage })).toThrow(NodeExecutionError);
  });
});
