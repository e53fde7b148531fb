// The run store over node:sqlite (built into Node 24 and Electron's Node: no native module).
// WAL mode, so the studio, `tributary run` and `tributary scheduler` read and write one file at
// once; versioned migrations (migrations.ts); on open, runs of dead processes become CRASHED.

import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import type { ScheduleRecord, ScheduleUpdate } from '../schedules/schedule-types.ts';
import { ownerIsDead, removeTempOutputs, STALE_HEARTBEAT_MS, type OwnerRow } from './crash-recovery.ts';
import { MIGRATIONS } from './migrations.ts';
import { claimSlot, type SlotLimits } from './run-slots.ts';
import type { RunStore, TransitionExtra } from './run-store.ts';
import { json, logOf, recordOf, scheduleOf, stateChangeOf, summaryOf, type Row } from './run-rows.ts';
import type { LogLine, NewRun, RunFilter, RunRecord, RunState, RunSummary } from './run-types.ts';
import { storeError } from './store-errors.ts';
import { canTransition, isTerminal } from './transitions.ts';

export const STORE_FILE = 'tributary.db';
const BUSY_TIMEOUT_MS = 5_000;
const HEARTBEAT_EVERY_MS = 10_000;
const MAX_LOG_LINES = 10_000;

export interface SqliteStoreOptions {
  /** Milliseconds since the epoch (tests pass a fake clock's). */
  readonly now?: () => number;
  /** Renew this process's heartbeat on a timer (default true; tests with a fake clock call heartbeat). */
  readonly heartbeatTimer?: boolean;
  /** How long a write waits for another process's write before failing as locked (default 5 s). */
  readonly busyTimeoutMs?: number;
  /** How often the heartbeat timer renews this process's lease (default 10 s). */
  readonly heartbeatEveryMs?: number;
  /** A process whose heartbeat is older than this is dead: its runs become CRASHED and free their
   *  slots (default 60 s; keep it several heartbeats long). */
  readonly leaseMs?: number;
}

export class SqliteRunStore implements RunStore {
  readonly location: string;
  readonly owner = randomUUID();
  readonly #db: DatabaseSync;
  readonly #now: () => number;
  readonly #leaseMs: number;
  #timer: NodeJS.Timeout | undefined;

  /** Opens (or creates) `<dir>/tributary.db`; throws RunStoreError saying what to do. */
  static open(dir: string, options: SqliteStoreOptions = {}): SqliteRunStore {
    const location = path.join(dir, STORE_FILE);
    try {
      mkdirSync(dir, { recursive: true });
      return new SqliteRunStore(location, new DatabaseSync(location, { timeout: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS }), options);
    } catch (e) {
      throw storeError(location, e);
    }
  }

  private constructor(location: string, db: DatabaseSync, options: SqliteStoreOptions) {
    this.location = location;
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#leaseMs = options.leaseMs ?? STALE_HEARTBEAT_MS;
    // Two processes opening a new store at once (a studio and `tributary run`, or two runs): while
    // the first creates the file, not yet in WAL mode, the second's switch to WAL is refused at once
    // (SQLite does not wait on its busy timeout for a lock upgrade that could deadlock), so the
    // opening steps, each safe to repeat, are tried again until the busy timeout has passed.
    const giveUpAt = Date.now() + (options.busyTimeoutMs ?? BUSY_TIMEOUT_MS);
    for (;;) {
      try {
        db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
        this.#migrate();
        break;
      } catch (e) {
        if (isBusy(e) && Date.now() < giveUpAt) { sleepSync(10); continue; }
        db.close();
        throw storeError(location, e);
      }
    }
    try {
      const now = this.#now();
      db.prepare('INSERT INTO processes (id, pid, host, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)')
        .run(this.owner, process.pid, hostname(), now, now);
      this.recoverCrashed();
    } catch (e) {
      db.close();
      throw storeError(location, e);
    }
    if (options.heartbeatTimer !== false) {
      this.#timer = setInterval(() => { try { this.heartbeat(this.#now()); } catch { /* next beat tries again */ } }, options.heartbeatEveryMs ?? HEARTBEAT_EVERY_MS);
      this.#timer.unref();
    }
  }

  #migrate(): void {
    const version = Number((this.#db.prepare('PRAGMA user_version').get() as Row)['user_version']);
    if (version > MIGRATIONS.length) {
      throw new Error(`the run store ${this.location} was made by a newer tributary (schema ${version}, this one knows ${MIGRATIONS.length}): update tributary`);
    }
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.#tx(() => {
        // Read again under the write lock: another process opening the store at the same moment
        // may have applied this migration since.
        if (Number((this.#db.prepare('PRAGMA user_version').get() as Row)['user_version']) > v) return;
        this.#db.exec(MIGRATIONS[v]!);
        this.#db.exec(`PRAGMA user_version = ${v + 1}`);
      });
    }
  }

  /** One write transaction (BEGIN IMMEDIATE: writers queue on the busy timeout, not fail midway). */
  #tx<T>(body: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const out = body();
      this.#db.exec('COMMIT');
      return out;
    } catch (e) {
      this.#db.exec('ROLLBACK');
      throw e;
    }
  }

  #write<T>(body: () => T): T {
    try {
      return this.#tx(body);
    } catch (e) {
      throw storeError(this.location, e);
    }
  }

  /** Marks PENDING/RUNNING runs of dead processes CRASHED and removes their temp outputs. */
  recoverCrashed(): string[] {
    const now = this.#now();
    const owners = new Map<string, OwnerRow>();
    for (const r of this.#db.prepare('SELECT id, pid, host, heartbeat_at FROM processes').all() as Row[]) {
      owners.set(String(r['id']), { id: String(r['id']), pid: Number(r['pid']), host: String(r['host']), heartbeatAt: Number(r['heartbeat_at']) });
    }
    const crashed: string[] = [];
    const rows = this.#db.prepare("SELECT id, owner, targets FROM runs WHERE state IN ('PENDING', 'RUNNING') AND owner IS NOT NULL AND owner <> ?")
      .all(this.owner) as Row[];
    for (const r of rows) {
      const owner = owners.get(String(r['owner']));
      if (!ownerIsDead(owner, now, this.#leaseMs)) continue;
      const id = String(r['id']);
      const cleaned = removeTempOutputs(id, owner?.pid ?? -1, json<string[]>(r['targets'], []));
      const message = `the process running it (pid ${owner?.pid ?? '?'}) stopped without finishing it` +
        (cleaned.removed.length > 0 ? `; removed ${cleaned.removed.length} temporary output(s)` : '') +
        (cleaned.failed.length > 0 ? `; could not remove ${cleaned.failed.join(', ')}` : '');
      if (this.transition(id, 'CRASHED', now, { message, error: { message, retryable: false } })) crashed.push(id);
    }
    this.#write(() => {
      for (const o of owners.values()) {
        if (o.id !== this.owner && ownerIsDead(o, now, this.#leaseMs)) this.#db.prepare('DELETE FROM processes WHERE id = ?').run(o.id);
      }
    });
    return crashed;
  }

  heartbeat(now: number): void {
    this.#db.prepare('UPDATE processes SET heartbeat_at = ? WHERE id = ?').run(now, this.owner);
  }

  insertRun(run: NewRun): void {
    this.#write(() => this.#insert(run));
  }

  insertScheduledRun(run: NewRun & { scheduleName: string; fireAt: number }): boolean {
    return this.#write(() => {
      const exists = this.#db.prepare('SELECT 1 FROM runs WHERE schedule_name = ? AND fire_at = ?').get(run.scheduleName, run.fireAt);
      if (exists) return false;
      this.#insert(run);
      return true;
    });
  }

  #insert(run: NewRun): void {
    this.#db.prepare(`INSERT INTO runs (id, state, trigger, pipeline, pipeline_name, content_hash, document, options, base_dir,
      created_at, scheduled_at, attempt, first_run_id, max_attempts, schedule_name, fire_at, owner, target)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      run.id, run.state, run.trigger, run.pipeline, run.pipelineName, run.contentHash,
      run.document ? JSON.stringify(run.document) : null, JSON.stringify(run.options), run.baseDir, run.createdAt,
      run.scheduledAt ?? null, run.attempt, run.firstRunId, run.maxAttempts, run.scheduleName ?? null, run.fireAt ?? null,
      run.state === 'PENDING' ? this.owner : null, run.target ?? 'local');
    this.#db.prepare('INSERT INTO run_states (run_id, seq, state, at) VALUES (?, 0, ?, ?)').run(run.id, run.state, run.createdAt);
  }

  transition(runId: string, to: RunState, at: number, extra: TransitionExtra = {}, from?: RunState): boolean {
    return this.#write(() => {
      const row = this.#db.prepare('SELECT state, started_at FROM runs WHERE id = ?').get(runId) as Row | undefined;
      if (!row) return false;
      const current = String(row['state']) as RunState;
      if ((from !== undefined && current !== from) || !canTransition(current, to)) return false;
      const sets: string[] = ['state = ?'];
      const values: SQLInputValue[] = [to];
      const set = (column: string, value: SQLInputValue): void => { sets.push(`${column} = ?`); values.push(value); };
      if (to === 'PENDING') set('owner', this.owner);
      if (to === 'RUNNING') set('started_at', at);
      if (extra.document !== undefined) set('document', JSON.stringify(extra.document));
      if (extra.contentHash !== undefined) set('content_hash', extra.contentHash);
      if (extra.targets !== undefined) set('targets', JSON.stringify(extra.targets));
      if (extra.spark !== undefined) set('spark', JSON.stringify(extra.spark));
      if (extra.error !== undefined) set('error', JSON.stringify(extra.error));
      if (extra.metrics !== undefined) {
        set('metrics', JSON.stringify(extra.metrics));
        set('nodes', JSON.stringify(Object.fromEntries(extra.metrics.nodeMetrics.map((n) => [n.nodeId, n.rows]))));
      }
      if (isTerminal(to)) {
        set('finished_at', at);
        const startedAt = row['started_at'];
        // A crash is found later, by another process: the time until then is no run's duration.
        if (typeof startedAt === 'number' && to !== 'CRASHED') set('duration_ms', extra.metrics?.durationMs ?? at - startedAt);
      }
      this.#db.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = ?`).run(...values, runId);
      const seq = Number((this.#db.prepare('SELECT COUNT(*) AS n FROM run_states WHERE run_id = ?').get(runId) as Row)['n']);
      this.#db.prepare('INSERT INTO run_states (run_id, seq, state, at, message) VALUES (?, ?, ?, ?, ?)')
        .run(runId, seq, to, at, extra.message ?? null);
      return true;
    });
  }

  claimSlot(runId: string, pipeline: string, limits: SlotLimits, now: number): boolean {
    return this.#write(() => claimSlot(this.#db, runId, this.owner, pipeline, limits, now));
  }

  claim(runId: string): void {
    this.#write(() => { this.#db.prepare('UPDATE runs SET owner = ? WHERE id = ?').run(this.owner, runId); });
  }

  appendLogs(runId: string, lines: readonly LogLine[]): void {
    if (lines.length === 0) return;
    this.#write(() => {
      let seq = Number((this.#db.prepare('SELECT COUNT(*) AS n FROM run_logs WHERE run_id = ?').get(runId) as Row)['n']);
      const insert = this.#db.prepare('INSERT INTO run_logs (run_id, seq, at, level, node_id, message) VALUES (?, ?, ?, ?, ?, ?)');
      for (const l of lines) {
        if (seq >= MAX_LOG_LINES) break;
        insert.run(runId, seq++, l.at, l.level, l.nodeId ?? null, l.message);
      }
    });
  }

  updateNodes(runId: string, nodes: Readonly<Record<string, number>>): void {
    this.#write(() => { this.#db.prepare('UPDATE runs SET nodes = ? WHERE id = ?').run(JSON.stringify(nodes), runId); });
  }

  requestCancel(runId: string): boolean {
    return this.#write(() => this.#db.prepare(
      "UPDATE runs SET cancel_requested = 1 WHERE id = ? AND state IN ('SCHEDULED', 'PENDING', 'RUNNING')").run(runId).changes > 0);
  }

  cancelRequests(): string[] {
    return (this.#db.prepare("SELECT id FROM runs WHERE owner = ? AND cancel_requested = 1 AND state IN ('PENDING', 'RUNNING')")
      .all(this.owner) as Row[]).map((r) => String(r['id']));
  }

  get(runId: string): RunRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as Row | undefined;
    if (!row) return undefined;
    const timeline = (this.#db.prepare('SELECT * FROM run_states WHERE run_id = ? ORDER BY seq').all(runId) as Row[]).map(stateChangeOf);
    const logs = (this.#db.prepare('SELECT * FROM run_logs WHERE run_id = ? ORDER BY seq').all(runId) as Row[]).map(logOf);
    return recordOf(row, timeline, logs);
  }

  idsStartingWith(prefix: string): string[] {
    const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
    return (this.#db.prepare("SELECT id FROM runs WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 10").all(`${escaped}%`) as Row[]).map((r) => String(r['id']));
  }

  baseDirOf(runId: string): string | undefined {
    const row = this.#db.prepare('SELECT base_dir FROM runs WHERE id = ?').get(runId) as Row | undefined;
    return row ? String(row['base_dir']) : undefined;
  }

  list(filter: RunFilter = {}): RunSummary[] {
    const where: string[] = [];
    const values: SQLInputValue[] = [];
    if (filter.pipeline !== undefined) { where.push('pipeline = ?'); values.push(filter.pipeline); }
    if (filter.state !== undefined) { where.push('state = ?'); values.push(filter.state); }
    if (filter.target !== undefined) { where.push('target = ?'); values.push(filter.target); }
    if (filter.firstRunId !== undefined) { where.push('first_run_id = ?'); values.push(filter.firstRunId); }
    if (filter.trigger !== undefined) { where.push('(trigger = ? OR trigger LIKE ?)'); values.push(filter.trigger, `${filter.trigger}:%`); }
    if (filter.before) { where.push('(created_at, rowid) < (?, (SELECT rowid FROM runs WHERE id = ?))'); values.push(filter.before.createdAt, filter.before.id); }
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY created_at DESC, rowid DESC LIMIT ?`;
    return (this.#db.prepare(sql).all(...values, filter.limit ?? 50) as Row[]).map(summaryOf);
  }

  dueRuns(now: number, limit: number): RunSummary[] {
    return (this.#db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE state = 'SCHEDULED' AND scheduled_at <= ?
      ORDER BY scheduled_at, rowid LIMIT ?`).all(now, limit) as Row[]).map(summaryOf);
  }

  activeRuns(filter: { scheduleName?: string; pipeline?: string }): RunSummary[] {
    const [column, value] = filter.scheduleName !== undefined ? ['schedule_name', filter.scheduleName] : ['pipeline', filter.pipeline ?? ''];
    return (this.#db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE ${column} = ? AND state IN ('SCHEDULED', 'PENDING', 'RUNNING')
      ORDER BY created_at`).all(value) as Row[]).map(summaryOf);
  }

  listSchedules(): ScheduleRecord[] {
    return (this.#db.prepare('SELECT * FROM schedules ORDER BY name').all() as Row[]).map(scheduleOf);
  }

  getSchedule(name: string): ScheduleRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM schedules WHERE name = ?').get(name) as Row | undefined;
    return row ? scheduleOf(row) : undefined;
  }

  addSchedule(s: ScheduleRecord): void {
    this.#write(() => {
      this.#db.prepare(`INSERT INTO schedules (name, pipeline, timing, enabled, overlap, catch_up, catch_up_cap, retries, created_at, last_fire_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(s.name, s.pipeline, JSON.stringify(s.timing), s.enabled ? 1 : 0, s.overlap,
        s.catchUp, s.catchUpCap, s.retries ?? null, s.createdAt, s.lastFireAt ?? null);
    });
  }

  updateSchedule(name: string, update: ScheduleUpdate): boolean {
    return this.#write(() => {
      // One UPDATE in one transaction: an edit is seen whole or not at all by a scheduler.
      const sets: string[] = [];
      const values: SQLInputValue[] = [];
      const set = (column: string, value: SQLInputValue): void => { sets.push(`${column} = ?`); values.push(value); };
      if (update.enabled !== undefined) set('enabled', update.enabled ? 1 : 0);
      if (update.lastFireAt !== undefined) set('last_fire_at', update.lastFireAt);
      if (update.timing !== undefined) set('timing', JSON.stringify(update.timing));
      if (update.overlap !== undefined) set('overlap', update.overlap);
      if (update.catchUp !== undefined) set('catch_up', update.catchUp);
      if (update.catchUpCap !== undefined) set('catch_up_cap', update.catchUpCap);
      if (update.retries !== undefined) set('retries', update.retries);
      if (sets.length === 0) return this.#db.prepare('SELECT 1 FROM schedules WHERE name = ?').get(name) !== undefined;
      return this.#db.prepare(`UPDATE schedules SET ${sets.join(', ')} WHERE name = ?`).run(...values, name).changes > 0;
    });
  }

  removeSchedule(name: string): boolean {
    return this.#write(() => this.#db.prepare('DELETE FROM schedules WHERE name = ?').run(name).changes > 0);
  }

  acquireLease(name: string, owner: string, now: number, until: number): boolean {
    return this.#write(() => {
      const row = this.#db.prepare('SELECT owner, until FROM leases WHERE name = ?').get(name) as Row | undefined;
      if (row && row['owner'] !== owner && Number(row['until']) > now) return false;
      this.#db.prepare('INSERT INTO leases (name, owner, until) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until')
        .run(name, owner, until);
      return true;
    });
  }

  releaseLease(name: string, owner: string): void {
    this.#write(() => { this.#db.prepare('DELETE FROM leases WHERE name = ? AND owner = ?').run(name, owner); });
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    if (!this.#db.isOpen) return;
    try {
      this.#db.prepare('DELETE FROM processes WHERE id = ?').run(this.owner);
    } finally {
      this.#db.close();
    }
  }
}

const SUMMARY_COLUMNS = `id, state, trigger, pipeline, pipeline_name, content_hash, created_at, scheduled_at, started_at,
  finished_at, duration_ms, attempt, first_run_id, max_attempts, schedule_name, nodes, error, target, spark`;

/** SQLITE_BUSY, or one of its extended codes (BUSY_RECOVERY, BUSY_SNAPSHOT, ...). */
function isBusy(e: unknown): boolean {
  const code = (e as { errcode?: unknown }).errcode;
  return typeof code === 'number' && (code & 0xff) === 5;
}

/** A short wait in a constructor that cannot await: the store opens synchronously. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
