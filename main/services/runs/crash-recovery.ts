// A run left PENDING or RUNNING by a process that died (kill -9, power loss) is found by the next
// process that opens the store: its owner's pid is gone on this host, or its heartbeat is stale.
// The run becomes CRASHED and what it left half-written is removed: the sinks' temporary files
// (engine/io/write.ts names them `.NAME.tmp-PID-*` beside the target) and its spill folder.

import { readdirSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';

/** A heartbeat older than this means the owner is gone even when its pid is taken again. */
export const STALE_HEARTBEAT_MS = 60_000;

export interface OwnerRow { readonly id: string; readonly pid: number; readonly host: string; readonly heartbeatAt: number }

/** Dead: no row, a heartbeat older than `leaseMs` (the process lease expired: killed elsewhere,
 *  or hung), or a pid gone on this host. */
export function ownerIsDead(owner: OwnerRow | undefined, now: number, leaseMs = STALE_HEARTBEAT_MS): boolean {
  if (!owner) return true;
  if (now - owner.heartbeatAt > leaseMs) return true;
  return owner.host === hostname() && !pidAlive(owner.pid);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes a crashed run's temporary outputs; returns the paths removed. Best effort: a file
 *  that cannot be removed is named in the returned list's companion `failed`. */
export function removeTempOutputs(runId: string, pid: number, targets: readonly string[]): { removed: string[]; failed: string[] } {
  const removed: string[] = [];
  const failed: string[] = [];
  const remove = (p: string): void => {
    try {
      rmSync(p, { recursive: true, force: true });
      removed.push(p);
    } catch {
      failed.push(p);
    }
  };
  for (const target of targets) {
    const dir = path.dirname(target);
    const prefix = `.${path.basename(target)}.tmp-${pid}-`;
    for (const name of safeList(dir)) if (name.startsWith(prefix)) remove(path.join(dir, name));
  }
  const spillPrefix = `tributary-run-${runId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40)}-`;
  for (const name of safeList(tmpdir())) if (name.startsWith(spillPrefix)) remove(path.join(tmpdir(), name));
  return { removed, failed };
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
