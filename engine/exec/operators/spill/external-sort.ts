// External merge sort (docs/spilling.md), as DataFusion's sort does it: input batches are
// buffered while the buffer (and the copy sorting it makes) fits the task's budget; when the next
// batch would not fit, the buffer is sorted and written to a run file in slices, and buffering
// starts over. At the end the last buffer becomes a run too, and the runs are merged k ways,
// one slice per run in memory, streaming batches out (in more than one pass when the runs are
// more than the task's share holds: merge-runs.ts). Runs are cut in input order and the merge
// gives ties to the earlier run, so the result is the stable sort of the in-memory path.
// A buffer whose batches are each sorted and follow one another in long chains (a merge after a
// gather reads each partition's sorted output) is not sorted again: each chain is written as a
// run as it is, and the last one stays open for the batches that continue it, unbuffered.

import type { RecordBatch } from 'apache-arrow';
import type { SortKey } from '../../../logical/plan.ts';
import { sortBatches } from '../../../compute/sort.ts';
import { batchIsSorted, followsInOrder } from '../../../compute/sort-runs.ts';
import { batchBytes } from '../../batch-utils.ts';
import type { TaskMemory } from '../../memory/task-memory.ts';
import { Held, type SpillFile, SpillFiles } from './spill-files.ts';
import { type MergeStats, mergeWithinShare } from './merge-runs.ts';

/** Sorting holds the buffer, its concatenated copy and the sorted output: about 3x its bytes. */
const SORT_COPIES = 3;

/** Rows per slice written to a run and per merged output batch. */
export const RUN_SLICE_ROWS = 8192;

export interface SortSpillStats extends Partial<MergeStats> {
  runs: number;
  /** Runs written as they came (presorted chains of the input), not sorted from a buffer. */
  presortedRuns?: number;
}

/** A chain of input batches that are each sorted and follow one another in order. */
interface Chain { readonly batches: RecordBatch[]; rows: number }

/**
 * The buffer cut into presorted chains, or undefined when some batch is not sorted or there are
 * more than two chains and they are short (under RUN_SLICE_ROWS rows on average: many tiny runs would
 * cost the merge more than sorting them). A merge after a gather gets each partition's sorted output: one chain per
 * partition, written as it is instead of sorted again.
 */
function presortedChains(buffer: readonly RecordBatch[], keys: readonly SortKey[]): Chain[] | undefined {
  const chains: Chain[] = [];
  let rows = 0;
  for (const b of buffer) {
    if (!batchIsSorted(b, keys)) return undefined;
    const last = chains[chains.length - 1];
    if (last && followsInOrder(last.batches[last.batches.length - 1]!, b, keys)) { last.batches.push(b); last.rows += b.numRows; } else chains.push({ batches: [b], rows: b.numRows });
    rows += b.numRows;
  }
  // Two chains at most make no more runs than sorting buffers would (the last one stays open and
  // grows past the buffer); more must be long already.
  return chains.length <= 2 || rows / chains.length >= RUN_SLICE_ROWS ? chains : undefined;
}

export async function* externalSort(
  input: AsyncIterable<RecordBatch>, keys: readonly SortKey[], memory: TaskMemory, nodeId: string, stats?: SortSpillStats,
): AsyncGenerator<RecordBatch> {
  const held = new Held(memory);
  const files = new SpillFiles(memory, nodeId);
  const runs: SpillFile[] = [];
  let presorted = 0;
  let buffer: RecordBatch[] = [];
  let bytes = 0;
  // The presorted run being written as its batches come (after a buffer turned out to be sorted
  // chains), and its last batch, which the next one must follow to join it.
  let open: { run: SpillFile; last: RecordBatch } | undefined;
  const closeOpen = (): void => {
    if (!open) return;
    open.run.close();
    runs.push(open.run);
    open = undefined;
  };
  // Appends `b` to the open presorted run if it continues it; else closes that run.
  const joinOpen = (b: RecordBatch): boolean => {
    if (!open) return false;
    if (batchIsSorted(b, keys) && followsInOrder(open.last, b, keys)) {
      open.run.add(b);
      open.last = b;
      return true;
    }
    closeOpen();
    return false;
  };
  // Writes the buffer as runs: its presorted chains as they are (the last one left open for the
  // batches that continue it), else sorted, in slices.
  const spillRun = (): void => {
    const chains = presortedChains(buffer, keys);
    const sorted = chains ? undefined : sortBatches(buffer, keys);
    buffer = []; bytes = 0;
    held.set(0);
    if (sorted) {
      // A write per slice: the merge then holds a slice per run, not a flush of several.
      const run = files.create(0);
      for (let at = 0; at < sorted.numRows; at += RUN_SLICE_ROWS) run.add(sorted.slice(at, Math.min(sorted.numRows, at + RUN_SLICE_ROWS)));
      run.close();
      runs.push(run);
      return;
    }
    chains!.forEach((c, i) => {
      const run = files.create();
      for (const b of c.batches) run.add(b);
      presorted++;
      if (i < chains!.length - 1) { run.close(); runs.push(run); } else open = { run, last: c.batches[c.batches.length - 1]! };
    });
  };
  try {
    for await (const b of input) {
      if (b.numRows === 0) continue;
      if (joinOpen(b)) continue;
      const size = batchBytes(b);
      if (buffer.length > 0 && !held.fits((bytes + size) * SORT_COPIES)) {
        spillRun();
        if (joinOpen(b)) continue;
      }
      buffer.push(b); bytes += size;
      held.set(bytes * SORT_COPIES);
    }
    closeOpen();
    if (runs.length === 0) {
      if (buffer.length > 0) yield sortBatches(buffer, keys);
      return;
    }
    if (buffer.length > 0) spillRun();
    closeOpen();
    if (stats) { stats.runs = runs.length; stats.presortedRuns = presorted; }
    yield* mergeWithinShare(runs, keys, RUN_SLICE_ROWS, memory, files, held, stats);
  } finally {
    held.release();
    files.removeAll();
  }
}
