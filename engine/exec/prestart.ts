// A fresh process about to run a big pipeline starts its worker threads first. Each thread takes
// ~300 ms to load the engine's modules; started before this thread loads its own modules and
// compiles the plan, they are ready when the first stage is. The guess reads only the document's
// source params and file sizes (no schema, no parsing of data); a wrong guess costs time, never
// correctness: an unused pool is closed, a missing one is started when the plan needs it.

import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { WorkerPool } from './pool.ts';

/** Inputs up to this many rows (by the sources' estimates) run in this thread, without the pool. */
export const INLINE_MAX_ROWS = 100_000;

/** Source files together over this size are (almost) never an inline run. */
const POOLED_SOURCE_BYTES = 4 << 20;

const FILE_SOURCES = new Set(['source.parquet', 'source.csv', 'source.json']);

/** Whether a run of `doc` (raw JSON, not yet validated) will likely use the worker pool. */
export function likelyPooled(doc: unknown, baseDir: string): boolean {
  const nodes = (doc as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return false;
  let bytes = 0;
  for (const n of nodes as { kind?: unknown; params?: Record<string, unknown> }[]) {
    const params = n?.params ?? {};
    if (n?.kind === 'source.sample') {
      if (typeof params['rows'] === 'number' && params['rows'] > INLINE_MAX_ROWS) return true;
    } else if (typeof n?.kind === 'string' && FILE_SOURCES.has(n.kind)) {
      const path = params['path'];
      if (typeof path !== 'string' || /[*?[]/.test(path)) continue;
      try {
        bytes += statSync(isAbsolute(path) ? path : resolve(baseDir, path)).size;
      } catch {
        // A missing file is the compiler's to report.
      }
    }
  }
  return bytes > POOLED_SOURCE_BYTES;
}

/** A worker pool started now when a run of `doc` will likely need one. */
export async function prestartPool(doc: unknown, baseDir: string, threads?: number): Promise<WorkerPool | undefined> {
  if (!likelyPooled(doc, baseDir)) return undefined;
  const { WorkerPool } = await import('./pool.ts');
  const { availableParallelism } = await import('node:os');
  return new WorkerPool(threads ?? availableParallelism());
}

/** prestartPool for a pipeline file (relative paths resolve beside it); a file that does not
 *  parse starts nothing (the loader reports what is wrong with it). */
export async function prestartPoolForFile(path: string, threads?: number): Promise<WorkerPool | undefined> {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  return prestartPool(doc, dirname(path), threads);
}
