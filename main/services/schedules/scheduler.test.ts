// The scheduler on a fake clock over a real store: cron in a zone, intervals, DST, missed fire
// times under each catch-up policy, the overlap policies, two schedulers sharing the lease, and
// the runner picking a schedule's run up and running the pipeline file.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../engine/exec/engine.ts';
import { FakeClock } from '../runs/clock.ts';
import { Runner } from '../runs/runner.ts';
import { SqliteRunStore } from '../runs/sqlite-store.ts';
import { addSchedule, listSchedules, setEnabled, type ScheduleInput } from './schedule-service.ts';
import { Scheduler, type SchedulerOptions } from './scheduler.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'tributary-scheduler-'));
const file = path.join(root, 'users.json');
writeFileSync(file, JSON.stringify({
  version: 1, name: 'users',
  nodes: [{ id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 40 } },
    { id: 'save', kind: 'sink.csv', params: { path: 'out/users.csv' } }],
  edges: [{ from: 'users', to: 'save' }],
}));
const stores: SqliteRunStore[] = [];
afterEach(() => { for (const s of stores.splice(0)) s.close(); });
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
function setup(start: number): { store: SqliteRunStore; clock: FakeClock; home: string } {
  const home = path.join(root, `home-${n++}`);
  const clock = new FakeClock(start);
  const store = SqliteRunStore.open(home, { heartbeatTimer: false, now: () => clock.now() });
  stores.push(store);
  return { store, clock, home };
}
const add = (store: SqliteRunStore, clock: FakeClock, input: Omit<ScheduleInput, 'pipeline'>) =>
  addSchedule(store, { pipeline: file, ...input }, root, clock.now());
const scheduler = (store: SqliteRunStore, clock: FakeClock, o: Partial<SchedulerOptions> = {}) =>
  new Scheduler({ store, clock, tickMs: 60_000, graceMs: 120_000, ...o });
const fired = (store: SqliteRunStore) => store.list({ limit: 1000 }).map((r) => new Date(r.scheduledAt!).toISOString()).sort();

describe('Scheduler', () => {
  it('fires cron in its time zone, weekdays only, and only inserts SCHEDULED runs', () => {
    const { store, clock } = setup(Date.UTC(2026, 0, 9, 12)); // Friday
    add(store, clock, { cron: '0 6 * * MON-FRI', timezone: 'Europe/Berlin', name: 'morning', overlap: 'queue' });
    const s = scheduler(store, clock, { tickMs: 300_000, graceMs: 600_000 });
    s.start();
    clock.advance(4 * 86_400_000); // to Tuesday noon
    s.stop();
    expect(fired(store)).toEqual(['2026-01-12T05:00:00.000Z', '2026-01-13T05:00:00.000Z']);
    expect(store.list().every((r) => r.state === 'SCHEDULED' && r.trigger === 'schedule:morning')).toBe(true);
  });

  it('crosses the spring DST gap and the autumn repeated hour once each', () => {
    const { store, clock } = setup(Date.UTC(2026, 2, 28));
    add(store, clock, { cron: '30 2 * * *', timezone: 'Europe/Berlin', name: 'night', overlap: 'queue' });
    const s = scheduler(store, clock, { tickMs: 300_000, graceMs: 600_000 });
    s.start();
    clock.advance(3 * 86_400_000);
    s.stop();
    expect(fired(store)).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']);
    const autumn = setup(Date.UTC(2026, 9, 24));
    add(autumn.store, autumn.clock, { cron: '30 2 * * *', timezone: 'Europe/Berlin', name: 'night', overlap: 'queue' });
    const t = scheduler(autumn.store, autumn.clock, { tickMs: 300_000, graceMs: 600_000 });
    t.start();
    autumn.clock.advance(3 * 86_400_000);
    t.stop();
    expect(fired(autumn.store)).toEqual(['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('fires an interval from its anchor', () => {
    const { store, clock } = setup(Date.UTC(2026, 0, 5, 0, 0));
    add(store, clock, { every: '15m', anchor: '2026-01-05T00:05:00Z', name: 'quarter', overlap: 'queue' });
    const s = scheduler(store, clock);
    s.start();
    clock.advance(3_600_000);
    s.stop();
    expect(fired(store)).toEqual(['2026-01-05T00:05:00.000Z', '2026-01-05T00:20:00.000Z', '2026-01-05T00:35:00.000Z', '2026-01-05T00:50:00.000Z']);
  });

  for (const [policy, expected] of [['none', 0], ['latest', 1], ['all', 3]] as const) {
    it(`catch-up '${policy}': of 5 fire times missed while nothing ran, ${expected} run`, () => {
      const { store, clock } = setup(Date.UTC(2026, 0, 5, 0, 30));
      add(store, clock, { every: '1h', anchor: '2026-01-05T00:00:00Z', name: 'hourly', overlap: 'queue', catchUp: policy, catchUpCap: 3 });
      clock.advance(5 * 3_600_000); // no scheduler ran from 00:30 to 05:30
      const reports = scheduler(store, clock).tick();
      expect(reports.filter((r) => r.action === 'dropped-missed')).toHaveLength(5 - expected);
      const newest = ['2026-01-05T03:00:00.000Z', '2026-01-05T04:00:00.000Z', '2026-01-05T05:00:00.000Z'].slice(3 - expected);
      expect(fired(store)).toEqual(newest);
      expect(store.getSchedule('hourly')!.lastFireAt).toBe(Date.UTC(2026, 0, 5, 5)); // never looked at again
      expect(scheduler(store, clock).tick()).toEqual([]);
    });
  }

  it("overlap 'skip' skips a fire while a run of the schedule waits; 'queue' adds one behind it", () => {
    const { store, clock } = setup(Date.UTC(2026, 0, 5));
    add(store, clock, { every: '1m', anchor: '2026-01-05T00:00:00Z', name: 'skipper', overlap: 'skip' });
    add(store, clock, { every: '1m', anchor: '2026-01-05T00:00:00Z', name: 'queuer', overlap: 'queue' });
    const s = scheduler(store, clock);
    for (let i = 0; i < 3; i++) { clock.advance(60_000); s.tick(); } // no runner takes them
    expect(store.list({ trigger: 'schedule:skipper' })).toHaveLength(1);
    expect(store.list({ trigger: 'schedule:queuer' })).toHaveLength(3);
  });

  it("overlap 'cancel-running' cancels the waiting run and asks the running one to stop", () => {
    const { store, clock } = setup(Date.UTC(2026, 0, 5));
    add(store, clock, { every: '1m', anchor: '2026-01-05T00:00:00Z', name: 'latest', overlap: 'cancel-running' });
    const s = scheduler(store, clock);
    clock.advance(60_000);
    const [first] = s.tick();
    store.transition(first!.runId!, 'PENDING', clock.now());
    store.transition(first!.runId!, 'RUNNING', clock.now());
    clock.advance(60_000);
    const [second] = s.tick();
    expect(second).toMatchObject({ action: 'inserted', cancelled: [first!.runId] });
    expect(store.get(first!.runId!)!.cancelRequested).toBe(true);
    clock.advance(60_000);
    const [third] = s.tick();
    expect(third!.cancelled).toContain(second!.runId);
    expect(store.get(second!.runId!)!.state).toBe('CANCELLED');
  });

  it('two schedulers share one lease: only the holder fires, the other takes over when it stops, no time fires twice', () => {
    const { store: a, clock, home } = setup(Date.UTC(2026, 0, 5));
    const b = SqliteRunStore.open(home, { heartbeatTimer: false, now: () => clock.now() });
    stores.push(b);
    add(a, clock, { every: '1m', anchor: '2026-01-05T00:00:00Z', name: 'shared', overlap: 'queue' });
    const sa = scheduler(a, clock, { leaseMs: 120_000 });
    const sb = scheduler(b, clock, { leaseMs: 120_000 });
    sa.start();
    sb.start();
    clock.advance(5 * 60_000);
    expect(a.list({ limit: 100 })).toHaveLength(5);
    sa.stop(); // gives the lease up: b fires from the next tick
    clock.advance(5 * 60_000);
    sb.stop();
    const times = a.list({ limit: 100 }).map((r) => r.scheduledAt);
    expect(times).toHaveLength(10);
    expect(new Set(times).size).toBe(10);
  });

  it('a paused schedule does not fire, and resuming does not fire what came due while paused', () => {
    const { store, clock } = setup(Date.UTC(2026, 0, 5));
    add(store, clock, { every: '1m', anchor: '2026-01-05T00:00:00Z', name: 'p', overlap: 'queue', catchUp: 'all' });
    setEnabled(store, 'p', false, clock.now());
    const s = scheduler(store, clock);
    clock.advance(10 * 60_000);
    expect(s.tick()).toEqual([]);
    setEnabled(store, 'p', true, clock.now());
    clock.advance(60_000);
    expect(s.tick().map((r) => r.action)).toEqual(['inserted']);
    expect(listSchedules(store, clock.now())[0]!.nextFireTimes[0]).toBe(clock.now() + 60_000);
  });

  it("the runner picks a schedule's run up and runs the pipeline file", async () => {
    const { store, clock } = setup(Date.UTC(2026, 0, 5));
    const engine = new Engine({ threads: 1 });
    const runner = new Runner({ store, engine: () => engine, clock });
    add(store, clock, { every: '1m', anchor: '2026-01-05T00:00:00Z', name: 'users', overlap: 'queue' });
    const completed = new Promise<string>((resolve) => runner.listen({ onHistory: (c) => { if (c.state === 'COMPLETED') resolve(c.runId); } }));
    runner.startPolling();
    const s = scheduler(store, clock, { tickMs: 1000 });
    s.start();
    clock.advance(61_000); // the fire at 00:01, then the runner's next poll
    const runId = await completed;
    s.stop();
    await runner.close();
    await engine.close();
    const run = store.get(runId)!;
    expect(run).toMatchObject({ trigger: 'schedule:users', scheduleName: 'users', pipeline: file, scheduledAt: Date.UTC(2026, 0, 5, 0, 1) });
    expect(run.document.name).toBe('users');
    expect(run.nodes['save']).toBe(40);
    expect(run.timeline.map((t) => t.state)).toEqual(['SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED']);
  });

  it('refuses a schedule of a missing pipeline file, a bad cron and an unknown zone', () => {
    const { store, clock } = setup(Date.UTC(2026, 0, 5));
    expect(() => addSchedule(store, { pipeline: 'gone.json', every: '1m' }, root, clock.now())).toThrow(/no pipeline file .*gone\.json: a schedule runs a saved pipeline file/);
    expect(() => add(store, clock, { cron: '61 * * * *' })).toThrow(/field 1 \(minute, at character 1\) is '61'/);
    expect(() => add(store, clock, { cron: '0 6 * * *', timezone: 'Europe/Berln' })).toThrow(/did you mean 'Europe\/Berlin'/);
    add(store, clock, { every: '1m' });
    expect(() => add(store, clock, { every: '1m' })).toThrow(/a schedule named 'users' exists already/);
  });
});
