// The runner over a real engine and a real store, time on a fake clock: what a run records,
// retries with their delays (no sleeping), errors no retry can fix, and the concurrency limits.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { PipelineDocument, PipelineSettings } from '../../../engine/document/document-types.ts';
import { Engine } from '../../../engine/exec/engine.ts';
import { FakeClock } from './clock.ts';
import { Runner, type RunnerOptions } from './runner.ts';
import type { RunState } from './run-types.ts';
import { SqliteRunStore } from './sqlite-store.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'tributary-runner-'));
const engine = new Engine({ threads: 1 });
afterAll(async () => { await engine.close(); rmSync(root, { recursive: true, force: true }); });
const open: Runner[] = [];
afterEach(async () => { for (const r of open.splice(0)) { await r.close(); r.store.close(); } });

let n = 0;
function setup(options: Partial<RunnerOptions> = {}): { runner: Runner; clock: FakeClock; dir: string } {
  const dir = path.join(root, `case-${n++}`);
  const clock = new FakeClock(Date.UTC(2026, 0, 5, 12));
  const store = SqliteRunStore.open(path.join(dir, '.tributary'), { heartbeatTimer: false, now: () => clock.now() });
  const runner = new Runner({ store, engine: () => engine, clock, random: () => 0.5, ...options });
  open.push(runner);
  return { runner, clock, dir };
}

const pipeline = (sinkPath: string, settings?: PipelineSettings, filter = 'age >= 18'): PipelineDocument => ({
  version: 1, name: 'adults', ...(settings ? { settings } : {}),
  nodes: [
    { id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 300 } },
    { id: 'adults', kind: 'transform.filter', params: { condition: filter } },
    { id: 'save', kind: 'sink.csv', params: { path: sinkPath } },
  ],
  edges: [{ from: 'users', to: 'adults' }, { from: 'adults', to: 'save' }],
});

function reaches(runner: Runner, runId: string, state: RunState): Promise<void> {
  if (runner.store.get(runId)?.state === state) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = runner.listen({ onHistory: (c) => { if (c.runId === runId && c.state === state) { stop(); resolve(); } } });
  });
}

describe('Runner', () => {
  it('records a run whole: timeline, rows per node, stages and partitions, outputs with bytes', async () => {
    const { runner, dir } = setup();
    const { runId, done } = runner.submit({ document: pipeline('out/adults.csv'), pipeline: 'adults.json', baseDir: dir, trigger: 'cli', partitions: 2 });
    const outcome = await done;
    expect(outcome.state).toBe('COMPLETED');
    const run = runner.store.get(runId)!;
    expect(run.timeline.map((t) => t.state)).toEqual(['PENDING', 'RUNNING', 'COMPLETED']);
    expect(run).toMatchObject({ trigger: 'cli', pipeline: 'adults.json', attempt: 1, firstRunId: runId, options: { partitions: 2 } });
    expect(run.nodes).toEqual(Object.fromEntries(outcome.result!.nodes.map((x) => [x.nodeId, x.rows])));
    expect(run.nodes['save']).toBeGreaterThan(100);
    expect(run.stages.length).toBeGreaterThan(0);
    expect(run.partitions.length).toBeGreaterThan(0);
    expect(run.stageSummaries.map((s) => s.stageId).sort()).toEqual(run.stages.map((s) => s.stageId).sort());
    expect(run.outputs).toEqual([expect.objectContaining({ nodeId: 'save', path: path.join(dir, 'out/adults.csv'), bytes: expect.any(Number) })]);
    expect(run.document).toEqual(pipeline('out/adults.csv'));
    expect(run.targets).toEqual([path.join(dir, 'out/adults.csv')]);
  });

  it('retries a failed run after its delays, each try its own run linked to the first, until one succeeds', async () => {
    const { runner, clock, dir } = setup();
    runner.startPolling();
    clock.advance(0);
    writeFileSync(path.join(dir, 'blocked'), 'a file where the sink wants a folder');
    const settings = { retries: 3, retryDelaySeconds: [30, 60], retryJitterFactor: 0.2 };
    const { runId: first, done } = runner.submit({ document: pipeline('blocked/adults.csv', settings), pipeline: 'p.json', baseDir: dir, trigger: 'cli' });
    await reaches(runner, first, 'FAILED');
    const failed = runner.store.get(first)!;
    expect(failed.error).toMatchObject({ retryable: true });
    const [retry1] = runner.store.list({ state: 'SCHEDULED' });
    // 30 s, lengthened by jitter 0.2 x random 0.5.
    expect(retry1).toMatchObject({ attempt: 2, firstRunId: first, trigger: `retry:${first}`, scheduledAt: failed.finishedAt! + 33_000 });
    clock.advance(32_999);
    expect(runner.store.get(retry1!.id)!.state).toBe('SCHEDULED');
    clock.advance(1);
    await reaches(runner, retry1!.id, 'FAILED');
    const [retry2] = runner.store.list({ state: 'SCHEDULED' });
    expect(retry2).toMatchObject({ attempt: 3, scheduledAt: clock.now() + 66_000 }); // the list's second delay
    rmSync(path.join(dir, 'blocked')); // what made it fail is gone: the next try succeeds
    clock.advance(66_000);
    const outcome = await done;
    expect(outcome).toMatchObject({ runId: retry2!.id, state: 'COMPLETED' });
    expect(runner.store.list({ pipeline: 'p.json' }).map((r) => [r.attempt, r.state])).toEqual([[3, 'COMPLETED'], [2, 'FAILED'], [1, 'FAILED']]);
  });

  it('does not retry an error no retry can fix (a missing column)', async () => {
    const { runner, dir } = setup();
    const doc = pipeline('out.csv', { retries: 3 }, 'agee >= 18');
    const { runId, done } = runner.submit({ document: doc, pipeline: 'bad.json', baseDir: dir, trigger: 'cli' });
    expect((await done).state).toBe('FAILED');
    expect(runner.store.get(runId)!.error).toMatchObject({ retryable: false, message: expect.stringMatching(/agee/) });
    expect(runner.store.list().map((r) => r.id)).toEqual([runId]);
  });

  it('runs one run of a pipeline at a time: the next waits PENDING and can be cancelled there', async () => {
    const { runner, dir } = setup();
    const events: string[] = [];
    runner.listen({ onRunEvent: (e) => { if (e.type === 'run.finished') events.push(`${e.runId}:${e.status}`); } });
    const a = runner.submit({ document: pipeline('a.csv'), pipeline: 'same.json', baseDir: dir, trigger: 'studio' });
    const b = runner.submit({ document: pipeline('b.csv'), pipeline: 'same.json', baseDir: dir, trigger: 'studio' });
    const c = runner.submit({ document: pipeline('c.csv'), pipeline: 'same.json', baseDir: dir, trigger: 'studio' });
    expect(runner.store.get(a.runId)!.state).toBe('RUNNING');
    expect(runner.store.get(b.runId)!.state).toBe('PENDING');
    expect(runner.cancel(b.runId)).toBe(true);
    expect(runner.store.get(b.runId)!.state).toBe('CANCELLED');
    expect(events).toContain(`${b.runId}:CANCELLED`);
    expect((await a.done).state).toBe('COMPLETED');
    expect((await c.done).state).toBe('COMPLETED');
    expect(runner.store.get(c.runId)!.startedAt).toBeGreaterThanOrEqual(runner.store.get(a.runId)!.finishedAt!);
  });

  it('holds runs beyond the global limit PENDING, whatever their pipeline', async () => {
    const { runner, dir } = setup({ maxConcurrentRuns: 1 });
    const a = runner.submit({ document: pipeline('a.csv'), pipeline: 'a.json', baseDir: dir, trigger: 'cli' });
    const b = runner.submit({ document: pipeline('b.csv'), pipeline: 'b.json', baseDir: dir, trigger: 'cli' });
    expect(runner.store.get(b.runId)!.state).toBe('PENDING');
    await a.done;
    expect((await b.done).state).toBe('COMPLETED');
  });

  it('cancels a SCHEDULED retry before it starts', async () => {
    const { runner, dir } = setup();
    writeFileSync(path.join(dir, 'blocked'), 'x');
    const { runId } = runner.submit({ document: pipeline('blocked/x.csv', { retries: 1, retryDelaySeconds: 600 }), pipeline: 'r.json', baseDir: dir, trigger: 'cli' });
    await reaches(runner, runId, 'FAILED');
    const [retry] = runner.store.list({ state: 'SCHEDULED' });
    expect(runner.cancel(retry!.id)).toBe(true);
    expect(runner.store.get(retry!.id)!.state).toBe('CANCELLED');
    expect(runner.cancel(retry!.id)).toBe(false);
  });
});

describe('Runner, two runners on one store', () => {
  it("a run's chain ends when another runner ran its retry", async () => {
    const { runner: own, clock, dir } = setup({ pickUp: 'own' });
    const other = new Runner({ store: SqliteRunStore.open(path.join(dir, '.tributary'), { heartbeatTimer: false, now: () => clock.now() }), engine: () => engine, clock });
    open.push(other);
    writeFileSync(path.join(dir, 'blocked'), 'x');
    const { runId, done } = own.submit({ document: pipeline('blocked/x.csv', { retries: 1, retryDelaySeconds: 60 }), pipeline: 'c.json', baseDir: dir, trigger: 'cli' });
    await reaches(own, runId, 'FAILED');
    rmSync(path.join(dir, 'blocked'));
    const [retry] = own.store.list({ state: 'SCHEDULED' });
    clock.advance(60_000);
    expect(other.poll()).toBe(1); // the other runner claims the retry first
    await reaches(other, retry!.id, 'COMPLETED');
    expect(own.poll()).toBe(0);
    expect(await done).toEqual({ runId: retry!.id, state: 'COMPLETED' });
  });
});
