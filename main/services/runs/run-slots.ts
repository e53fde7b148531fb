// The concurrency limit across processes: the studio, `tributary run` and `tributary scheduler`
// share one history database, so a run may start only when the store says a slot is free. A run
// holds a slot from its claim (slot_at set while PENDING) until it reaches a final state; claiming
// counts the holders of every process in one BEGIN IMMEDIATE transaction, so two processes cannot
// both take the last slot. A holder whose process died keeps its slot only until some process
// finds it dead (its pid gone on this host, or its heartbeat older than the lease: a killed or hung
// process) and marks the run CRASHED (sqlite-store.ts recoverCrashed, at open and on each poll).

import type { DatabaseSync } from 'node:sqlite';

export interface SlotLimits {
  /** Runs at once across every process sharing the store. */
  readonly global: number;
  /** Runs of one pipeline at once across every process. */
  readonly perPipeline: number;
}

/** Inside the caller's write transaction: gives `runId` (PENDING, owned by `owner`) a slot when
 *  the limits allow; true when it holds one now. */
export function claimSlot(db: DatabaseSync, runId: string, owner: string, pipeline: string, limits: SlotLimits, now: number): boolean {
  const held = db.prepare("SELECT slot_at FROM runs WHERE id = ? AND state = 'PENDING' AND owner = ?").get(runId, owner) as
    { slot_at: number | null } | undefined;
  if (!held) return false;
  if (held.slot_at !== null) return true;
  const counts = db.prepare(`SELECT COUNT(*) AS total, COALESCE(SUM(pipeline = ?), 0) AS same FROM runs
    WHERE slot_at IS NOT NULL AND state IN ('PENDING', 'RUNNING')`).get(pipeline) as { total: number; same: number };
  if (Number(counts.total) >= limits.global || Number(counts.same) >= limits.perPipeline) return false;
  db.prepare('UPDATE runs SET slot_at = ? WHERE id = ?').run(now, runId);
  return true;
}
