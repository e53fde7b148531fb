// Editing a schedule in place over a real SQLite file: cron, zone, interval, enabled, retries and
// policies change; the name (its id), pipeline, creation time and its runs stay; the edit survives
// reopening the file; the scheduler fires the new timing from the edit on (no catch-up of times the
// old timing never named); bad input is refused and changes nothing.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../runs/clock.ts';
import { SqliteRunStore } from '../runs/sqlite-store.ts';
import { addSchedule, editSchedule, listSchedules } from './schedule-service.ts';
import { Scheduler } from './scheduler.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'tributary-schedule-edit-'));
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
function open(home: string, clock: FakeClock): SqliteRunStore {
  const store = SqliteRunStore.open(home, { heartbeatTimer: false, now: () => clock.now() });
  stores.push(store);
  return store;
}
const iso = (ms: readonly number[]): string[] => ms.map((t) => new Date(t).toISOString());

describe('editSchedule', () => {
  it('changes cron, zone, retries and policies in place; name, runs and creation time stay; survives reopening', () => {
    const home = path.join(root, `home-${n++}`);
    const clock = new FakeClock(Date.UTC(2026, 0, 5, 4, 0)); // Monday 04:00 UTC
    const store = open(home, clock);
    const added = addSchedule(store, { pipeline: file, cron: '0 6 * * MON-FRI', timezone: 'Europe/Berlin', name: 'morning', retries: 1 }, root, clock.now());
    const s = new Scheduler({ store, clock, tickMs: 60_000, graceMs: 120_000 });
    s.start();
    clock.advance(2 * 3_600_000); // 06:00 Berlin = 05:00 UTC fires
    s.stop();
    const [firstRun] = store.list({ trigger: 'schedule:morning' });
    expect(firstRun?.scheduledAt).toBe(Date.UTC(2026, 0, 5, 5, 0));

    const edited = editSchedule(store, {
      name: 'morning', cron: '30 7 * * *', timezone: 'America/New_York', retries: 3, overlap: 'queue', catchUp: 'all', catchUpCap: 4,
    }, clock.now());
    expect(edited).toMatchObject({
      name: 'morning', pipeline: file, createdAt: added.createdAt, enabled: true, retries: 3, overlap: 'queue', catchUp: 'all', catchUpCap: 4,
      timing: { kind: 'cron', cron: '30 7 * * *', timezone: 'America/New_York' }, description: 'every day at 07:30, America/New_York',
    });
    expect(edited.lastRun?.id).toBe(firstRun!.id);
    expect(iso(edited.nextFireTimes.slice(0, 2))).toEqual(['2026-01-05T12:30:00.000Z', '2026-01-06T12:30:00.000Z']);

    store.close();
    const reopened = open(home, clock);
    const [again] = listSchedules(reopened, clock.now());
    expect(again).toMatchObject({ name: 'morning', retries: 3, overlap: 'queue', catchUp: 'all', catchUpCap: 4, timing: edited.timing });
    expect(again?.lastRun?.id).toBe(firstRun!.id);
    expect(reopened.get(firstRun!.id)?.scheduleName).toBe('morning');
  });

  it('fires the new timing from the edit on, and keeps the zone when only the expression changes', () => {
    const home = path.join(root, `home-${n++}`);
    const clock = new FakeClock(Date.UTC(2026, 0, 5, 12, 0));
    const store = open(home, clock);
    addSchedule(store, { pipeline: file, cron: '0 0 1 1 *', timezone: 'Europe/Berlin', name: 'yearly', catchUp: 'all', overlap: 'queue' }, root, clock.now());
    clock.advance(3_600_000);
    // Every 15 minutes from now on: the quarter hours since the schedule was added are not caught up.
    const edited = editSchedule(store, { name: 'yearly', cron: '*/15 * * * *' }, clock.now());
    expect(edited.timing).toEqual({ kind: 'cron', cron: '*/15 * * * *', timezone: 'Europe/Berlin' });
    const s = new Scheduler({ store, clock, tickMs: 60_000, graceMs: 120_000 });
    s.start();
    clock.advance(31 * 60_000);
    s.stop();
    expect(iso(store.list({ trigger: 'schedule:yearly' }).map((r) => r.scheduledAt!).sort()))
      .toEqual(['2026-01-05T13:15:00.000Z', '2026-01-05T13:30:00.000Z']);
  });

  it('pauses and resumes, turns an interval into another keeping its anchor, and resets retries to the pipeline\'s', () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 5, 12, 0, 7));
    const store = open(path.join(root, `home-${n++}`), clock);
    addSchedule(store, { pipeline: file, every: '1h', anchor: '2026-01-05T00:10:00Z', name: 'hourly', retries: 2 }, root, clock.now());
    expect(editSchedule(store, { name: 'hourly', enabled: false }, clock.now())).toMatchObject({ enabled: false, nextFireTimes: [] });
    const v = editSchedule(store, { name: 'hourly', every: '30m', enabled: true, retries: null }, clock.now());
    expect(v.timing).toEqual({ kind: 'every', everyMs: 1_800_000, anchor: Date.UTC(2026, 0, 5, 0, 10) });
    expect(v.enabled).toBe(true);
    expect(v.retries).toBeUndefined();
    expect(iso(v.nextFireTimes.slice(0, 2))).toEqual(['2026-01-05T12:10:00.000Z', '2026-01-05T12:40:00.000Z']);
  });

  it('refuses bad input with what to fix and changes nothing', () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 5, 12));
    const store = open(path.join(root, `home-${n++}`), clock);
    const before = addSchedule(store, { pipeline: file, cron: '0 6 * * *', timezone: 'Europe/Berlin', name: 'daily' }, root, clock.now());
    expect(() => editSchedule(store, { name: 'daily', cron: '0 25 * * *', retries: 5 }, clock.now()))
      .toThrow("field 2 (hour, at character 3) is '25'");
    expect(() => editSchedule(store, { name: 'daily', timezone: 'Europe/Berln' }, clock.now())).toThrow("did you mean 'Europe/Berlin'?");
    expect(() => editSchedule(store, { name: 'daily', overlap: 'sometimes' }, clock.now())).toThrow("--overlap 'sometimes' is not one of skip, queue, cancel-running");
    expect(() => editSchedule(store, { name: 'daily', retries: -1 }, clock.now())).toThrow('retries must be a whole number from 0 to 100, got -1');
    expect(() => editSchedule(store, { name: 'dail', retries: 1 }, clock.now())).toThrow("no schedule named 'dail'; the schedules are daily");
    const [after] = listSchedules(store, clock.now());
    expect(after).toEqual(before);
  });
});
