// The store's schema, versioned: migration N takes PRAGMA user_version from N to N+1, applied in
// one transaction each at open. Append new migrations; never edit one that has shipped.

export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    trigger TEXT NOT NULL,
    pipeline TEXT NOT NULL,
    pipeline_name TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    document TEXT,
    options TEXT NOT NULL,
    base_dir TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    scheduled_at INTEGER,
    started_at INTEGER,
    finished_at INTEGER,
    duration_ms REAL,
    attempt INTEGER NOT NULL,
    first_run_id TEXT NOT NULL,
    max_attempts INTEGER NOT NULL,
    schedule_name TEXT,
    fire_at INTEGER,
    owner TEXT,
    nodes TEXT NOT NULL DEFAULT '{}',
    error TEXT,
    metrics TEXT,
    targets TEXT NOT NULL DEFAULT '[]',
    cancel_requested INTEGER NOT NULL DEFAULT 0
  );
  -- Ascending, so a backward scan yields ORDER BY created_at DESC, rowid DESC without a sort.
  CREATE INDEX runs_created ON runs (created_at);
  CREATE INDEX runs_pipeline ON runs (pipeline, created_at);
  CREATE INDEX runs_state ON runs (state, created_at);
  CREATE INDEX runs_due ON runs (state, scheduled_at);
  CREATE INDEX runs_chain ON runs (first_run_id);
  CREATE UNIQUE INDEX runs_fire ON runs (schedule_name, fire_at) WHERE fire_at IS NOT NULL;
  CREATE TABLE run_states (
    run_id TEXT NOT NULL, seq INTEGER NOT NULL, state TEXT NOT NULL, at INTEGER NOT NULL, message TEXT,
    PRIMARY KEY (run_id, seq)
  );
  CREATE TABLE run_logs (
    run_id TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL, level TEXT NOT NULL, node_id TEXT,
    message TEXT NOT NULL, PRIMARY KEY (run_id, seq)
  );
  CREATE TABLE processes (
    id TEXT PRIMARY KEY, pid INTEGER NOT NULL, host TEXT NOT NULL, started_at INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL
  );
  CREATE TABLE leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, until INTEGER NOT NULL);
  CREATE TABLE schedules (
    name TEXT PRIMARY KEY,
    pipeline TEXT NOT NULL,
    timing TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    overlap TEXT NOT NULL,
    catch_up TEXT NOT NULL,
    catch_up_cap INTEGER NOT NULL,
    retries INTEGER,
    created_at INTEGER NOT NULL,
    last_fire_at INTEGER
  );
  `,
  // 2: run slots across processes (run-slots.ts), and the run's target (the local engine or Spark).
  `
  ALTER TABLE runs ADD COLUMN slot_at INTEGER;
  ALTER TABLE runs ADD COLUMN target TEXT NOT NULL DEFAULT 'local';
  ALTER TABLE runs ADD COLUMN spark TEXT;
  CREATE INDEX runs_slots ON runs (state) WHERE slot_at IS NOT NULL;
  `,
];
