// The SQLite run store on real files: migrations, transitions through the one rules table,
// listing with filters, leases, and the errors a damaged or locked store gets.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations.ts';
import type { NewRun } from './run-types.ts';
import { SqliteRunStore, STORE_FILE } from './sqlite-store.ts';
import { canTransition } from './transitions.ts';

const dirs: string[] = [];
const stores: SqliteRunStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'tributary-store-'));
  dirs.push(d);
  return d;
}
function open(dir: string, options = {}): SqliteRunStore {
  const s = SqliteRunStore.open(dir, { heartbeatTimer: false, ...options });
  stores.push(s);
  return s;
}
const newRun = (id: string, over: Partial<NewRun> = {}): NewRun => ({
  id, state: 'PENDING', trigger: 'cli', pipeline: 'a.json', pipelineName: 'a', contentHash: 'h', baseDir: '/tmp',
  document: { version: 1, name: 'a', nodes: [], edges: [] }, options: {}, createdAt: 1000, attempt: 1, firstRunId: id,
  maxAttempts: 1, ...over,
});

describe('SqliteRunStore', () => {
  it('creates tributary.db in WAL mode at the latest schema version, and reopens without migrating again', () => {
    const dir = tempDir();
    open(dir).insertRun(newRun('r1'));
    const raw = new DatabaseSync(path.join(dir, STORE_FILE));
    expect((raw.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
    expect((raw.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(MIGRATIONS.length);
    raw.close();
    expect(open(dir).get('r1')?.state).toBe('PENDING');
  });

  it('refuses a store made by a newer tributary', () => {
    const dir = tempDir();
    open(dir);
    const raw = new DatabaseSync(path.join(dir, STORE_FILE));
    raw.exec(`PRAGMA user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => open(dir)).toThrow(/made by a newer tributary .*update tributary/);
  });

  it('moves a run only along allowed transitions and keeps the state timeline', () => {
    const s = open(tempDir());
    s.insertRun(newRun('r1'));
    expect(s.transition('r1', 'COMPLETED', 2000)).toBe(false); // PENDING -> COMPLETED skips RUNNING
    expect(s.transition('r1', 'RUNNING', 2000)).toBe(true);
    expect(s.transition('r1', 'COMPLETED', 2500, { message: 'done' })).toBe(true);
    expect(s.transition('r1', 'RUNNING', 3000)).toBe(false); // COMPLETED is final
    const r = s.get('r1')!;
    expect(r.timeline.map((t) => [t.state, t.at])).toEqual([['PENDING', 1000], ['RUNNING', 2000], ['COMPLETED', 2500]]);
    expect(r).toMatchObject({ startedAt: 2000, finishedAt: 2500, durationMs: 500 });
    expect(canTransition('CRASHED', 'RUNNING')).toBe(false);
    expect(canTransition('SCHEDULED', 'PENDING')).toBe(true);
  });

  it('lists newest first with pipeline, state and trigger filters, and pages', () => {
    const s = open(tempDir());
    for (let i = 0; i < 6; i++) {
      s.insertRun(newRun(`r${i}`, { createdAt: 1000 + i, pipeline: i % 2 ? 'b.json' : 'a.json', trigger: i === 4 ? 'schedule:nightly' : 'cli' }));
    }
    s.transition('r2', 'RUNNING', 2000);
    expect(s.list().map((r) => r.id)).toEqual(['r5', 'r4', 'r3', 'r2', 'r1', 'r0']);
    expect(s.list({ pipeline: 'b.json' }).map((r) => r.id)).toEqual(['r5', 'r3', 'r1']);
    expect(s.list({ state: 'RUNNING' }).map((r) => r.id)).toEqual(['r2']);
    expect(s.list({ trigger: 'schedule' }).map((r) => r.id)).toEqual(['r4']);
    expect(s.list({ limit: 2, before: { createdAt: 1004, id: 'r4' } }).map((r) => r.id)).toEqual(['r3', 'r2']);
  });

  it('inserts a schedule fire time once, however often it is offered', () => {
    const s = open(tempDir());
    const fire = { state: 'SCHEDULED' as const, scheduleName: 'nightly', fireAt: 5000, scheduledAt: 5000 };
    expect(s.insertScheduledRun({ ...newRun('a'), ...fire })).toBe(true);
    expect(s.insertScheduledRun({ ...newRun('b'), ...fire })).toBe(false);
    expect(s.list().map((r) => r.id)).toEqual(['a']);
  });

  it('gives a lease to one owner at a time until it expires', () => {
    const dir = tempDir();
    const a = open(dir);
    const b = open(dir);
    expect(a.acquireLease('scheduler', 'A', 0, 10_000)).toBe(true);
    expect(b.acquireLease('scheduler', 'B', 5_000, 15_000)).toBe(false);
    expect(a.acquireLease('scheduler', 'A', 5_000, 15_000)).toBe(true); // renewal
    expect(b.acquireLease('scheduler', 'B', 15_001, 25_000)).toBe(true); // expired
    expect(a.acquireLease('scheduler', 'A', 16_000, 26_000)).toBe(false);
  });

  it('says a damaged store is damaged and how to move it aside', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, STORE_FILE), 'this is not a database '.repeat(100));
    expect(() => open(dir)).toThrow(/is damaged .*mv .*tributary\.db .*tributary\.db\.damaged/);
  });

  it('says a locked store is locked and that no run was lost', () => {
    const dir = tempDir();
    const s = open(dir, { busyTimeoutMs: 20 });
    s.insertRun(newRun('kept'));
    const other = new DatabaseSync(path.join(dir, STORE_FILE));
    other.exec('BEGIN EXCLUSIVE');
    try {
      expect(() => s.insertRun(newRun('r2'))).toThrow(/is locked by another process.*no run was lost/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(s.list().map((r) => r.id)).toEqual(['kept']);
  });

  it('opens a store another process is still creating: it waits for the write lock, as a write does', async () => {
    // Two tributary processes started at once on a new home: the first holds the write lock while
    // it creates the file (not yet in WAL mode). The second's switch to WAL cannot wait on SQLite's
    // busy timeout there (SQLite refuses a lock upgrade that could deadlock at once), so the store
    // itself tries again until the timeout; before, it failed as "locked" at once.
    const dir = tempDir();
    const file = path.join(dir, STORE_FILE);
    const holder = spawn(process.execPath, ['-e', `
      const { DatabaseSync } = require('node:sqlite');
      const db = new DatabaseSync(${JSON.stringify(file)});
      db.exec('CREATE TABLE first_writer (x); BEGIN IMMEDIATE; INSERT INTO first_writer VALUES (1)');
      console.log('held');
      setTimeout(() => { db.exec('COMMIT'); db.close(); }, 300);
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (d: Buffer) => { if (d.toString().includes('held')) resolve(); });
      holder.once('exit', (code) => reject(new Error(`the holder exited (${code}) before holding the lock`)));
    });
    const s = open(dir);
    s.insertRun(newRun('after'));
    expect(s.list().map((r) => r.id)).toEqual(['after']);
    expect(await exited).toBe(0);
  });
});
