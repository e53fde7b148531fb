// The k-way merge at the end of an external sort, held within the task's memory share
// (docs/spilling.md). Every run being merged holds its current batch, the batch before it while
// the output batch being cut still points into it, and its read chunk. A sort of 50M rows in a
// 64 MB share cuts about 90 runs; merged all at once they held 200-300 MB per worker (1 MB read
// chunks, unaccounted) and set the run's peak. With more runs than the share holds, consecutive
// runs are first merged into longer ones, as DuckDB's and DataFusion's sorts do: ties still go
// to the earlier run, so the result stays the stable sort.

import type { RecordBatch } from 'apache-arrow';
import type { SortKey } from '../../../logical/plan.ts';
import { mergeRuns } from '../../../compute/sort-runs.ts';
import type { TaskMemory } from '../../memory/task-memory.ts';
import type { Held, SpillFile, SpillFiles } from './spill-files.ts';

/** Bytes read from a run file at a time (a batch read back may keep its chunk alive). */
export const MERGE_READ_CHUNK = 64 * 1024;

/** Of the task's free share, what the merge may hold; the rest is left to the task's output buffers. */
export const MERGE_SHARE = 0.5;

/** What one run costs the merge: two batches (the current one and the one the output may still
 *  point into) and a read chunk. */
function runBytes(run: SpillFile): number {
  return 2 * run.largestWrite + MERGE_READ_CHUNK;
}

/** How many of `runs` one merge may read at once within the task's free share (at least 2). */
function mergeFanIn(runs: readonly SpillFile[], memory: TaskMemory): number {
  const perRun = Math.max(1, ...runs.map(runBytes));
  const room = (memory.budgetBytes - memory.held) * MERGE_SHARE;
  return Math.max(2, Math.floor(room / perRun));
}

const bytesOf = (runs: readonly SpillFile[]): number => runs.reduce((n, r) => n + runBytes(r), 0);

export interface MergeStats {
  /** Runs merged into longer runs before the final merge (0: one merge of all). */
  premergedRuns: number;
  /** The most runs read at once. */
  fanIn: number;
}

/**
 * The runs merged in `keys` order into batches of `batchRows`, holding (and accounting on `held`)
 * at most `mergeFanIn` runs at once. The runs are removed as they are merged.
 */
export async function* mergeWithinShare(
  runs: SpillFile[], keys: readonly SortKey[], batchRows: number, memory: TaskMemory, files: SpillFiles, held: Held, stats?: Partial<MergeStats>,
): AsyncGenerator<RecordBatch> {
  const fanIn = mergeFanIn(runs, memory);
  if (stats) stats.fanIn = Math.min(fanIn, runs.length);
  let premerged = 0;
  // Each step merges the fewest consecutive runs that bring the count to fanIn (or fanIn of them
  // where that is not enough), moving on past the run it made, so no run is merged again until
  // a pass over all of them is done.
  let at = 0;
  while (runs.length > fanIn) {
    if (at > runs.length - 2) at = 0;
    const take = Math.min(fanIn, runs.length - fanIn + 1, runs.length - at);
    const group = runs.slice(at, at + take);
    const merged = files.create(0);
    held.set(bytesOf(group));
    for await (const b of mergeRuns(group.map((r) => r.read(MERGE_READ_CHUNK)), keys, batchRows)) merged.add(b);
    merged.close();
    for (const r of group) files.remove(r);
    runs.splice(at, take, merged);
    premerged += take;
    at++;
  }
  if (stats) stats.premergedRuns = premerged;
  held.set(bytesOf(runs));
  yield* mergeRuns(runs.map((r) => r.read(MERGE_READ_CHUNK)), keys, batchRows);
}
