// Adding, listing, pausing, resuming and removing schedules, for `tributary schedule` and the
// studio's Schedules panel alike. Everything a person typed is checked here with a message that
// says what to fix; a schedule of a pipeline file that does not exist is refused.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RunStore } from '../runs/run-store.ts';
import type { RunSummary } from '../runs/run-types.ts';
import { checkCron, checkTimeZone, localTimeZone, nextFireTimes, parseDuration, ScheduleInputError } from './schedule-spec.ts';
import {
  CATCH_UP_POLICIES, OVERLAP_POLICIES, type CatchUpPolicy, type OverlapPolicy, type ScheduleRecord, type ScheduleTiming, type ScheduleUpdate,
} from './schedule-types.ts';
import { describeTiming } from './schedule-words.ts';

export interface ScheduleInput {
  /** The pipeline file, absolute or relative to `cwd`. */
  readonly pipeline: string;
  readonly cron?: string;
  readonly timezone?: string;
  /** "15m", "1h30m"... */
  readonly every?: string;
  /** ISO time the interval counts from (default: now). */
  readonly anchor?: string;
  readonly name?: string;
  readonly retries?: number;
  readonly overlap?: string;
  readonly catchUp?: string;
  readonly catchUpCap?: number;
}

export interface ScheduleView extends ScheduleRecord {
  readonly description: string;
  readonly nextFireTimes: readonly number[];
  readonly lastRun?: RunSummary;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** The timing a person typed, checked (shared by add and the panel's live preview). */
export function timingOf(input: Pick<ScheduleInput, 'cron' | 'timezone' | 'every' | 'anchor'>, now: number): ScheduleTiming {
  if ((input.cron === undefined) === (input.every === undefined)) {
    throw new ScheduleInputError('give either a cron expression (--cron "0 6 * * MON-FRI" [--tz Europe/Berlin]) or an interval (--every 15m)');
  }
  if (input.cron !== undefined) {
    checkCron(input.cron);
    return { kind: 'cron', cron: input.cron.trim(), timezone: checkTimeZone(input.timezone ?? localTimeZone()) };
  }
  if (input.timezone !== undefined) throw new ScheduleInputError('--tz goes with --cron; an interval counts from its anchor');
  // By default an interval counts from the whole second it was added in.
  const anchor = input.anchor === undefined ? Math.floor(now / 1000) * 1000 : Date.parse(input.anchor);
  if (Number.isNaN(anchor)) throw new ScheduleInputError(`invalid anchor '${input.anchor}': write an ISO time such as 2026-01-05T06:00:00Z`);
  return { kind: 'every', everyMs: parseDuration(input.every!), anchor };
}

export function addSchedule(store: RunStore, input: ScheduleInput, cwd: string, now: number): ScheduleView {
  const pipeline = path.resolve(cwd, input.pipeline);
  if (!existsSync(pipeline) || !statSync(pipeline).isFile()) {
    throw new ScheduleInputError(`no pipeline file ${pipeline}: a schedule runs a saved pipeline file; save it first or fix the path`);
  }
  const timing = timingOf(input, now);
  const name = input.name ?? path.basename(pipeline).replace(/\.json$/i, '');
  if (!NAME.test(name)) throw new ScheduleInputError(`invalid schedule name '${name}': letters, digits, '.', '_' and '-', up to 64`);
  if (store.getSchedule(name)) throw new ScheduleInputError(`a schedule named '${name}' exists already: choose another with --name, or remove it first`);
  const overlap = pick('overlap', input.overlap ?? 'skip', OVERLAP_POLICIES) as OverlapPolicy;
  const catchUp = pick('catch-up', input.catchUp ?? 'latest', CATCH_UP_POLICIES) as CatchUpPolicy;
  if (input.retries !== undefined) checkRetries(input.retries);
  const cap = checkCap(input.catchUpCap ?? 10);
  const record: ScheduleRecord = {
    name, pipeline, timing, enabled: true, overlap, catchUp, catchUpCap: cap, createdAt: now,
    ...(input.retries !== undefined ? { retries: input.retries } : {}),
  };
  store.addSchedule(record);
  return view(store, record, now);
}

/** What an edit may change; the name (the schedule's id), pipeline and history stay. */
export interface ScheduleEdit {
  readonly name: string;
  readonly cron?: string;
  /** With a cron schedule: the zone alone may change (the expression stays). */
  readonly timezone?: string;
  readonly every?: string;
  readonly anchor?: string;
  readonly enabled?: boolean;
  /** null: back to the pipeline's own settings.retries. */
  readonly retries?: number | null;
  readonly overlap?: string;
  readonly catchUp?: string;
  readonly catchUpCap?: number;
}

/** Changes a schedule in place. A new timing fires from now on: the times the old one did not
 *  name are not caught up (as a resume does not fire what came due while paused). */
export function editSchedule(store: RunStore, edit: ScheduleEdit, now: number): ScheduleView {
  const s = known(store, edit.name);
  const update: { -readonly [K in keyof ScheduleUpdate]: ScheduleUpdate[K] } = {};
  const newTiming = edit.cron !== undefined || edit.every !== undefined || edit.timezone !== undefined || edit.anchor !== undefined;
  if (newTiming) {
    const timing = timingOf(edit.cron === undefined && edit.every === undefined
      ? { ...timingInput(s.timing), ...pickDefined({ timezone: edit.timezone, anchor: edit.anchor }) }
      : { ...edit, ...(edit.cron !== undefined && edit.timezone === undefined && s.timing.kind === 'cron' ? { timezone: s.timing.timezone } : {}) }, now);
    if (timing.kind === 'every' && edit.every !== undefined && edit.anchor === undefined && s.timing.kind === 'every') {
      update.timing = { ...timing, anchor: s.timing.anchor };
    } else update.timing = timing;
    if (JSON.stringify(update.timing) !== JSON.stringify(s.timing)) update.lastFireAt = Math.max(now, s.lastFireAt ?? 0);
    else delete update.timing;
  }
  if (edit.enabled !== undefined && edit.enabled !== s.enabled) {
    update.enabled = edit.enabled;
    if (edit.enabled) update.lastFireAt = Math.max(now, s.lastFireAt ?? 0);
  }
  if (edit.retries !== undefined) update.retries = edit.retries === null ? null : checkRetries(edit.retries);
  if (edit.overlap !== undefined) update.overlap = pick('overlap', edit.overlap, OVERLAP_POLICIES) as OverlapPolicy;
  if (edit.catchUp !== undefined) update.catchUp = pick('catch-up', edit.catchUp, CATCH_UP_POLICIES) as CatchUpPolicy;
  if (edit.catchUpCap !== undefined) update.catchUpCap = checkCap(edit.catchUpCap);
  if (Object.keys(update).length > 0 && !store.updateSchedule(s.name, update)) known(store, edit.name);
  return view(store, known(store, edit.name), now);
}

function timingInput(t: ScheduleTiming): Pick<ScheduleInput, 'cron' | 'timezone' | 'every' | 'anchor'> {
  return t.kind === 'cron' ? { cron: t.cron, timezone: t.timezone } : { every: `${t.everyMs}ms`, anchor: new Date(t.anchor).toISOString() };
}

function pickDefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function checkRetries(retries: number): number {
  if (!Number.isInteger(retries) || retries < 0 || retries > 100) throw new ScheduleInputError(`retries must be a whole number from 0 to 100, got ${retries}`);
  return retries;
}

function checkCap(cap: number): number {
  if (!Number.isInteger(cap) || cap < 1 || cap > 1000) throw new ScheduleInputError(`catch-up cap must be a whole number from 1 to 1000, got ${cap}`);
  return cap;
}

export function listSchedules(store: RunStore, now: number, fireTimes = 5): ScheduleView[] {
  return store.listSchedules().map((s) => view(store, s, now, fireTimes));
}

export function setEnabled(store: RunStore, name: string, enabled: boolean, now: number): ScheduleView {
  const s = known(store, name);
  // Resuming does not fire what came due while paused: the next fire is the next one from now.
  store.updateSchedule(name, enabled && !s.enabled ? { enabled, lastFireAt: now } : { enabled });
  return view(store, known(store, name), now);
}

export function removeSchedule(store: RunStore, name: string): void {
  known(store, name);
  store.removeSchedule(name);
}

function view(store: RunStore, s: ScheduleRecord, now: number, fireTimes = 5): ScheduleView {
  const lastRun = store.list({ trigger: `schedule:${s.name}`, limit: 1 })[0];
  return {
    ...s, description: describeTiming(s.timing),
    nextFireTimes: s.enabled ? nextFireTimes(s.timing, Math.max(now, s.lastFireAt ?? 0), fireTimes) : [],
    ...(lastRun ? { lastRun } : {}),
  };
}

function known(store: RunStore, name: string): ScheduleRecord {
  const s = store.getSchedule(name);
  if (s) return s;
  const names = store.listSchedules().map((x) => x.name);
  throw new ScheduleInputError(`no schedule named '${name}'${names.length ? `; the schedules are ${names.join(', ')}` : '; there are none yet'}`);
}

function pick(option: string, value: string, allowed: readonly string[]): string {
  if (allowed.includes(value)) return value;
  throw new ScheduleInputError(`--${option} '${value}' is not one of ${allowed.join(', ')}`);
}
