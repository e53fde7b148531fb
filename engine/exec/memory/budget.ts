// The run's memory budget: parsed from `--memory SIZE`, taken from the document's
// settings.memoryBudgetMB, or derived from the machine, so that every run has one and degrades to
// disk instead of being killed. See docs/memory.md.

import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';

const UNITS: Readonly<Record<string, number>> = {
  '': 1024 * 1024, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2,
  g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4, tib: 1024 ** 4,
};

/** The smallest budget a run may be given: below it every batch would go to disk. */
export const MIN_BUDGET_BYTES = 1024 * 1024;

/** Bytes of a size such as `256MB`, `1GB`, `512M` or `1.5g` (binary units; a bare number is MB).
 *  Throws an error naming `flag` and an example when the text is not a size. */
export function parseMemorySize(text: string, flag = '--memory'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    throw new Error(`${flag} expects a size such as 256MB, 1GB or 512M, got '${text}'`);
  }
  const bytes = Math.floor(Number(m[1]) * unit);
  if (bytes < MIN_BUDGET_BYTES) throw new Error(`${flag} must be at least 1MB, got '${text}'`);
  return bytes;
}

/** The memory limit of this process's cgroup (v2 memory.max, else v1), when one is set. */
export function cgroupLimitBytes(read: (path: string) => string | undefined = readText): number | undefined {
  for (const path of ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']) {
    const text = read(path)?.trim();
    if (!text || text === 'max') continue;
    const n = Number(text);
    // cgroup v1 writes a huge number (about 2^63) for "no limit".
    if (Number.isFinite(n) && n > 0 && n < 2 ** 60) return n;
  }
  return undefined;
}

/** The default budget: half the machine's memory, or half the cgroup's limit when that is lower
 *  (the other half is left to V8, the workers' heaps and the OS). */
export function machineBudgetBytes(total = totalmem(), cgroup = cgroupLimitBytes()): number {
  const limit = cgroup !== undefined ? Math.min(total, cgroup) : total;
  return Math.max(MIN_BUDGET_BYTES, Math.floor(limit / 2));
}

/** The run's budget: the run's own (the CLI's --memory) over the document's setting over the
 *  host's default (a studio setting) over the machine's. */
export function resolveBudgetBytes(run: number | undefined, documentMB: number | undefined, hostDefault: number | undefined): number {
  if (run !== undefined) return run;
  if (documentMB !== undefined) return Math.max(1, Math.floor(documentMB * 1024 * 1024));
  return hostDefault ?? machineBudgetBytes();
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** How the scheduler shares a run's budget out (docs/memory.md): half to the exchange store (the
 *  data between stages, held in the main thread), half to the tasks that run at once, evenly. */
export function shareBudget(budgetBytes: number, concurrentTasks: number): { exchangeBytes: number; taskBytes: number } {
  const exchangeBytes = Math.floor(budgetBytes / 2);
  return { exchangeBytes, taskBytes: Math.floor((budgetBytes - exchangeBytes) / Math.max(1, concurrentTasks)) };
}
