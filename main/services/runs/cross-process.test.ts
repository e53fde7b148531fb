// The concurrency limit across processes: two real runner processes (slot-process.test-helper.ts:
// the real store, runner and engine) over one history database. What is asserted comes from the
// runs the history recorded (their start and end times), not from timing: never more than the
// global limit running at once, never two runs of one pipeline at once; and a process that dies
// (kill -9) or hangs (SIGSTOP: its lease expires) while holding the slot does not hold it for
// ever: its run becomes CRASHED and the waiting run of the other process starts after it. And a
// runner that does not poll (two stores on one file in this process) still gets the slot later.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../../engine/document/document-types.ts';
import { Engine } from '../../../engine/exec/engine.ts';
import { FakeClock } from './clock.ts';
import { Runner } from './runner.ts';
import { SqliteRunStore } from './sqlite-store.ts';

const helper = new URL('./slot-process.test-helper.ts', import.meta.url).pathname;
const root = mkdtempSync(path.join(os.tmpdir(), 'tributary-slots-'));
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

interface Proc { readonly child: ChildProcessWithoutNullStreams; readonly lines: string[]; next(match: RegExp): Promise<string>; exited: Promise<number | null> }

function start(home: string, limit: number, runs: readonly { pipeline: string; rows: number }[]): Proc {
  const config = { home, baseDir: path.dirname(home), limit, leaseMs: 2_000, heartbeatEveryMs: 200, runs };
  const child = spawn(process.execPath, [helper, JSON.stringify(config)], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const lines: string[] = [];
  const waiting: { match: RegExp; resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const w of [...waiting]) if (w.match.test(line)) { waiting.splice(waiting.indexOf(w), 1); w.resolve(line); }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => {
    // A process that ends before saying what a test waits for fails that test with its stderr.
    for (const w of waiting.splice(0)) w.reject(new Error(`the runner process ended (${code ?? signal}) before '${w.match.source}': ${stderr}`));
    resolve(code);
  }));
  return {
    child, lines, exited,
    next: (match) => {
      const seen = lines.find((l) => match.test(l));
      return seen !== undefined ? Promise.resolve(seen) : new Promise((resolve, reject) => waiting.push({ match, resolve, reject }));
    },
  };
}

interface RunRow { id: string; pipeline: string; state: string; started_at: number | null; finished_at: number | null; error: string | null }

function runs(home: string): RunRow[] {
  const db = new DatabaseSync(path.join(home, 'tributary.db'), { readOnly: true });
  try {
    return db.prepare('SELECT id, pipeline, state, started_at, finished_at, error FROM runs ORDER BY started_at').all() as unknown as RunRow[];
  } finally {
    db.close();
  }
}

/** The most runs whose [start, end) intervals overlap at one instant. */
function mostAtOnce(rows: readonly RunRow[]): number {
  const edges = rows.flatMap((r) => [[r.started_at!, 1], [r.finished_at!, -1]] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]); // an end before a start at the same instant
  let now = 0;
  let most = 0;
  for (const [, delta] of edges) most = Math.max(most, (now += delta));
  return most;
}

describe('run slots across processes', () => {
  it('two runner processes on one database never run more than the global limit, nor one pipeline twice, at once', async () => {
    const home = path.join(root, 'shared', '.tributary');
    const rows = 40_000;
    const a = start(home, 2, ['p1', 'p2', 'p3', 'p1'].map((pipeline) => ({ pipeline, rows })));
    const b = start(home, 2, ['p2', 'p3', 'p4', 'p1'].map((pipeline) => ({ pipeline, rows })));
    a.child.stdin.write('go\n');
    b.child.stdin.write('go\n');
    await Promise.all([a.next(/^DONE$/), b.next(/^DONE$/)]);
    a.child.stdin.end();
    b.child.stdin.end();
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);

    const recorded = runs(home);
    expect(recorded).toHaveLength(8);
    expect(recorded.every((r) => r.state === 'COMPLETED' && r.started_at !== null && r.finished_at !== null)).toBe(true);
    expect(mostAtOnce(recorded)).toBeLessThanOrEqual(2);
    for (const p of ['p1', 'p2', 'p3']) expect(mostAtOnce(recorded.filter((r) => r.pipeline.endsWith(`${p}.json`)))).toBe(1);
    // Some runs had to wait for a slot another process held (both started four runs, limit two).
    expect([...a.lines, ...b.lines].filter((l) => / PENDING$/.test(l)).length).toBeGreaterThan(0);
  });

  it('a runner that does not poll tries for the slot again by itself once another store\'s run ends', async () => {
    const home = path.join(root, 'no-poll', '.tributary');
    const clock = new FakeClock(Date.UTC(2026, 0, 5, 12));
    const engine = new Engine({ threads: 1 });
    const open = (): SqliteRunStore => SqliteRunStore.open(home, { heartbeatTimer: false, now: () => clock.now() });
    const [a, b] = [new Runner({ store: open(), engine: () => engine, clock, maxConcurrentRuns: 1 }), new Runner({ store: open(), engine: () => engine, clock, maxConcurrentRuns: 1 })];
    const doc = (name: string): PipelineDocument => ({
      version: 1, name,
      nodes: [{ id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 500 } }, { id: 'save', kind: 'sink.csv', params: { path: `out/${name}.csv` } }],
      edges: [{ from: 'users', to: 'save' }],
    });
    try {
      const first = a.submit({ document: doc('first'), pipeline: 'first.json', baseDir: path.dirname(home), trigger: 'cli' });
      const second = b.submit({ document: doc('second'), pipeline: 'second.json', baseDir: path.dirname(home), trigger: 'cli' });
      expect(b.store.get(second.runId)?.state).toBe('PENDING');
      expect((await first.done).state).toBe('COMPLETED');
      clock.advance(1_000); // b's own retry timer: no poll() anywhere
      expect((await second.done).state).toBe('COMPLETED');
      const [x, y] = [b.store.get(first.runId)!, b.store.get(second.runId)!];
      expect(y.startedAt!).toBeGreaterThanOrEqual(x.finishedAt!);
    } finally {
      for (const r of [a, b]) { await r.close(); r.store.close(); }
      await engine.close();
    }
  });

  for (const signal of ['SIGKILL', 'SIGSTOP'] as const) {
    it(`a process ${signal === 'SIGKILL' ? 'killed (kill -9)' : 'hung (SIGSTOP, its lease expires)'} while holding the last slot: its run becomes CRASHED, the waiting one then runs`, async () => {
      const home = path.join(root, signal, '.tributary');
      const holder = start(home, 1, [{ pipeline: 'big', rows: 400_000 }]);
      const waiter = start(home, 1, [{ pipeline: 'small', rows: 2_000 }]);
      holder.child.stdin.write('go\n');
      const heldRun = (await holder.next(/^RUNNING /)).split(' ')[1]!;
      waiter.child.stdin.write('go\n');
      const submitted = (await waiter.next(/^SUBMITTED /)).split(' ');
      expect(submitted[3]).toBe('PENDING'); // the one slot is the holder's: the waiter's run waits

      holder.child.kill(signal);
      await waiter.next(/^DONE$/);
      waiter.child.stdin.end();
      expect(await waiter.exited).toBe(0);
      if (signal === 'SIGSTOP') holder.child.kill('SIGKILL');

      const recorded = runs(home);
      const held = recorded.find((r) => r.id === heldRun)!;
      const waited = recorded.find((r) => r.id === submitted[1])!;
      expect(held.state).toBe('CRASHED');
      expect(JSON.parse(held.error!).message).toMatch(/stopped without finishing it/);
      expect(waited.state).toBe('COMPLETED');
      expect(waited.started_at!).toBeGreaterThanOrEqual(held.finished_at!);
      expect(mostAtOnce(recorded)).toBe(1);
    });
  }
});
