// External merge sort (docs/spilling.md), as DataFusion's sort does it: input batches are
// buffered while the buffer (and the copy sorting it makes) fits the task's budget; when the next
// batch would not fit, the buffer is sorted and written to a run file in slices, and buffering
// starts over. At the end the last buffer becomes a run too, and the runs are merged k ways,
// one slice per run in memory, streaming batches out. Runs are cut in input order and the merge
// gives ties to the earlier run, so the result is the stable sort of the in-memory path.

import type { RecordBatch } from 'apache-arrow';
import type { SortKey } from '../../../logical/plan.ts';
import { sortBatches } from '../../../compute/sort.ts';
import { mergeRuns } from '../../../compute/sort-runs.ts';
import { batchBytes } from '../../batch-utils.ts';
import type { TaskMemory } from '../../memory/task-memory.ts';
import { Held, type SpillFile, SpillFiles } from './spill-files.ts';

/** Sorting holds the buffer, its concatenated copy and the sorted output: about 3x its bytes. */
const SORT_COPIES = 3;

/** Rows per slice written to a run and per merged output batch. */
export const RUN_SLICE_ROWS = 8192;

export interface SortSpillStats { runs: number }

export async function* externalSort(
  input: AsyncIterable<RecordBatch>, keys: readonly SortKey[], memory: TaskMemory, nodeId: string, stats?: SortSpillStats,
): AsyncGenerator<RecordBatch> {
  const held = new Held(memory);
  const files = new SpillFiles(memory, nodeId);
  const runs: SpillFile[] = [];
  let buffer: RecordBatch[] = [];
  let bytes = 0;
  const spillRun = (): void => {
    const sorted = sortBatches(buffer, keys);
    buffer = []; bytes = 0;
    const run = files.create();
    for (let at = 0; at < sorted.numRows; at += RUN_SLICE_ROWS) run.add(sorted.slice(at, Math.min(sorted.numRows, at + RUN_SLICE_ROWS)));
    run.close();
    runs.push(run);
    held.set(0);
  };
  try {
    for await (const b of input) {
      if (b.numRows === 0) continue;
      const size = batchBytes(b);
      if (buffer.length > 0 && !held.fits((bytes + size) * SORT_COPIES)) spillRun();
      buffer.push(b); bytes += size;
      held.set(bytes * SORT_COPIES);
    }
    if (runs.length === 0) {
      if (buffer.length > 0) yield sortBatches(buffer, keys);
      return;
    }
    if (buffer.length > 0) spillRun();
    if (stats) stats.runs = runs.length;
    yield* mergeRuns(runs.map((r) => r.read()), keys, RUN_SLICE_ROWS);
  } finally {
    held.release();
    files.removeAll();
  }
}
