// The scheduler: on each tick, for every enabled schedule, it INSERTS a SCHEDULED run per fire
// time due (the runner picks them up; the scheduler runs nothing itself). It holds the
// 'scheduler' lease in the store while it works, and (schedule, fire time) is unique there, so
// two schedulers (the studio's and `tributary scheduler`) never fire the same time twice.
//
// Fire times older than `graceMs` were missed while no scheduler ran: the catch-up policy says
// what becomes of them (none: dropped; latest: the newest runs; all: the newest `catchUpCap` run).
// The overlap policy says what a fire does while a run of the schedule is still waiting or going
// (skip it; queue behind it; cancel-running: cancel that run and start anew).

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SYSTEM_CLOCK, type Clock } from '../runs/clock.ts';
import type { RunStore } from '../runs/run-store.ts';
import { fireTimesBetween } from './schedule-spec.ts';
import type { ScheduleRecord } from './schedule-types.ts';

export const SCHEDULER_LEASE = 'scheduler';

export interface SchedulerOptions {
  readonly store: RunStore;
  readonly clock?: Clock;
  /** How often due fire times are looked for (default 1 s). */
  readonly tickMs?: number;
  /** A lease lasts this long unless renewed (default 15 s): a dead scheduler's is taken over after it. */
  readonly leaseMs?: number;
  /** A fire time at most this old is on time; an older one was missed (default 10 s). */
  readonly graceMs?: number;
  /** Called after each tick that handled fire times, with what it did (the CLI prints it). */
  readonly onTick?: (reports: readonly FireReport[]) => void;
}

export interface FireReport {
  readonly schedule: string;
  readonly fireAt: number;
  /** already-fired: another scheduler inserted this fire time first. */
  readonly action: 'inserted' | 'skipped-overlap' | 'dropped-missed' | 'already-fired';
  readonly runId?: string;
  readonly cancelled?: readonly string[];
}

/** The most fire times one schedule may need looked at per tick (a long outage of a 1 s schedule). */
const MAX_FIRES_PER_TICK = 10_000;

export class Scheduler {
  readonly owner = `scheduler-${randomUUID()}`;
  readonly #store: RunStore;
  readonly #clock: Clock;
  readonly #options: SchedulerOptions;
  #cancelTimer: (() => void) | undefined;
  #running = false;
  #leaseUntil: number | undefined;

  constructor(options: SchedulerOptions) {
    this.#options = options;
    this.#store = options.store;
    this.#clock = options.clock ?? SYSTEM_CLOCK;
  }

  /** Ticks every `tickMs` until stop(). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    const tickMs = this.#options.tickMs ?? 1_000;
    const loop = (): void => {
      try {
        this.tick();
      } catch (e) {
        console.error(`scheduler: ${(e as Error).message}`);
      }
      if (!this.#running) return;
      // Wake on the next whole tick, so fire times are met on time rather than drifting.
      const now = this.#clock.now();
      this.#cancelTimer = this.#clock.setTimer(loop, tickMs - (now % tickMs));
    };
    this.#cancelTimer = this.#clock.setTimer(loop, 0);
  }

  /** Stops ticking and gives the lease up, so another scheduler can take over at once. */
  stop(): void {
    this.#running = false;
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    this.#leaseUntil = undefined;
    this.#store.releaseLease(SCHEDULER_LEASE, this.owner);
  }

  /** One pass; returns what it did (empty when another scheduler holds the lease). */
  tick(): FireReport[] {
    const now = this.#clock.now();
    if (!this.#holdLease(now)) return [];
    const reports: FireReport[] = [];
    for (const schedule of this.#store.listSchedules()) {
      if (!schedule.enabled) continue;
      reports.push(...this.#fire(schedule, now));
    }
    if (reports.length > 0) this.#options.onTick?.(reports);
    return reports;
  }

  /** Takes or renews the lease; renewal is written only once half of it has passed. */
  #holdLease(now: number): boolean {
    const leaseMs = this.#options.leaseMs ?? 15_000;
    if (this.#leaseUntil !== undefined && now < this.#leaseUntil - leaseMs / 2) return true;
    const held = this.#store.acquireLease(SCHEDULER_LEASE, this.owner, now, now + leaseMs);
    this.#leaseUntil = held ? now + leaseMs : undefined;
    return held;
  }

  #fire(s: ScheduleRecord, now: number): FireReport[] {
    const from = s.lastFireAt ?? s.createdAt;
    const { times } = fireTimesBetween(s.timing, from, now, MAX_FIRES_PER_TICK);
    if (times.length === 0) return [];
    const grace = this.#options.graceMs ?? 10_000;
    const missed = times.filter((t) => t < now - grace);
    const onTime = times.filter((t) => t >= now - grace);
    const caught = s.catchUp === 'none' ? [] : s.catchUp === 'latest' ? missed.slice(-1) : missed.slice(-Math.max(0, s.catchUpCap));
    const reports: FireReport[] = missed.filter((t) => !caught.includes(t))
      .map((fireAt) => ({ schedule: s.name, fireAt, action: 'dropped-missed' as const }));
    for (const fireAt of [...caught, ...onTime]) reports.push(this.#insert(s, fireAt, now));
    this.#store.updateSchedule(s.name, { lastFireAt: times.at(-1)! });
    return reports;
  }

  #insert(s: ScheduleRecord, fireAt: number, now: number): FireReport {
    const active = this.#store.activeRuns({ scheduleName: s.name });
    const cancelled: string[] = [];
    if (active.length > 0 && s.overlap === 'skip') return { schedule: s.name, fireAt, action: 'skipped-overlap' };
    if (active.length > 0 && s.overlap === 'cancel-running') {
      for (const run of active) {
        const done = run.state === 'SCHEDULED'
          ? this.#store.transition(run.id, 'CANCELLED', now, { message: `cancelled by the next fire of schedule '${s.name}'` }, 'SCHEDULED')
          : this.#store.requestCancel(run.id);
        if (done) cancelled.push(run.id);
      }
    }
    const id = randomUUID();
    const attempts = 1 + (s.retries ?? retriesOf(s.pipeline));
    const inserted = this.#store.insertScheduledRun({
      id, state: 'SCHEDULED', trigger: `schedule:${s.name}`, pipeline: s.pipeline,
      pipelineName: path.basename(s.pipeline).replace(/\.json$/i, ''), contentHash: '', document: null, options: {},
      createdAt: now, scheduledAt: fireAt, attempt: 1, firstRunId: id, maxAttempts: attempts, scheduleName: s.name, fireAt,
      baseDir: path.dirname(s.pipeline),
    });
    return inserted
      ? { schedule: s.name, fireAt, action: 'inserted', runId: id, ...(cancelled.length ? { cancelled } : {}) }
      : { schedule: s.name, fireAt, action: 'already-fired' };
  }
}

/** The pipeline's own settings.retries (0 when the file cannot be read: its run fails and says why). */
function retriesOf(file: string): number {
  try {
    const retries = (JSON.parse(readFileSync(file, 'utf8')) as { settings?: { retries?: unknown } }).settings?.retries;
    return typeof retries === 'number' && Number.isInteger(retries) && retries >= 0 ? retries : 0;
  } catch {
    return 0;
  }
}
