// Hash aggregation and distinct within a memory budget (docs/spilling.md). The table grows as
// usual until it would go over the budget; then it is frozen: rows whose key it holds still fold
// into it, rows of any other key are written, as they are, to one of SPILL_FANOUT partition files
// chosen by their key hash. At the end the table's output is emitted and its memory released,
// and each partition file is read back through the same procedure one level down (other hash
// bits), so a partition that still does not fit spills again. A key lives in exactly one place,
// the table of one level, so the output has the rows of the in-memory path.

import type { RecordBatch } from 'apache-arrow';
import type { HashAccumulator } from '../../../compute/aggregate.ts';
import { type SelectedBatch, takeBatch } from '../../../compute/eval-expr.ts';
import type { TaskMemory } from '../../memory/task-memory.ts';
import { Held, routeRows, type SpillFile, SpillFiles } from './spill-files.ts';

export interface HashSpillSpec {
  /** A fresh table (one per level and partition). */
  readonly make: () => HashAccumulator;
  /** Estimated bytes of per-group state beyond the hash table's own (accumulator states). */
  readonly bytesPerGroup: number;
  /** Estimated bytes held per row consumed (functions that keep values: median, count distinct). */
  readonly bytesPerRow: number;
  /** Distinct: the rows it keeps are ready batch by batch (drained with finish() as it goes). */
  readonly emitsAsItGoes: boolean;
}

export interface HashSpillStats { levels: number; partitions: number }

/** The table's output over `input`, spilling under `memory` as the file comment says. */
export async function* hashWithSpill(
  input: AsyncIterable<SelectedBatch>, spec: HashSpillSpec, memory: TaskMemory, nodeId: string, stats?: HashSpillStats,
): AsyncGenerator<RecordBatch> {
  const files = new SpillFiles(memory, nodeId);
  try {
    yield* level(input, spec, memory, files, 0, stats);
  } finally {
    files.removeAll();
  }
}

async function* level(
  input: AsyncIterable<SelectedBatch>, spec: HashSpillSpec, memory: TaskMemory, files: SpillFiles, depth: number, stats?: HashSpillStats,
): AsyncGenerator<RecordBatch> {
  if (stats && depth + 1 > stats.levels) stats.levels = depth + 1;
  const held = new Held(memory);
  let parts: SpillFile[] | null = null;
  try {
    const acc = spec.make();
    let rows = 0;
    for await (const s of input) {
      const n = s.sel ? s.sel.length : s.batch.numRows;
      if (n === 0) continue;
      if (!parts) {
        acc.consume(s.batch, s.sel, s.nonNull);
        rows += n;
        const bytes = acc.tableBytes() + acc.groupCount() * spec.bytesPerGroup + rows * spec.bytesPerRow;
        // Frozen once over: it keeps what it holds (at least this first batch's keys).
        if (!held.fits(bytes)) { parts = files.partitions(); if (stats) stats.partitions += parts.length; }
        held.set(bytes);
      } else {
        const b = s.sel ? takeBatch(s.batch, s.sel, true) : s.batch;
        const gids = acc.known(b);
        const hit = new Int32Array(n); const miss = new Int32Array(n);
        let h = 0; let m = 0;
        for (let i = 0; i < n; i++) { if (gids[i]! >= 0) hit[h++] = i; else miss[m++] = i; }
        if (h > 0) acc.consume(b, h === n ? null : hit.subarray(0, h));
        if (m > 0) routeRows(b, acc.keyHashes(b), depth, parts, m === n ? null : miss.subarray(0, m));
        rows += h;
        held.set(acc.tableBytes() + acc.groupCount() * spec.bytesPerGroup + rows * spec.bytesPerRow);
      }
      if (spec.emitsAsItGoes) yield* acc.finish();
    }
    yield* acc.finish();
  } finally {
    held.release();
  }
  if (!parts) return;
  for (const p of parts) p.close();
  for (const p of parts) {
    if (p.rows > 0) yield* level(selections(p.read()), spec, memory, files, depth + 1, stats);
    files.remove(p);
  }
}

async function* selections(batches: AsyncIterable<RecordBatch>): AsyncGenerator<SelectedBatch> {
  for await (const batch of batches) yield { batch, sel: null };
}

/** Estimated state bytes per group for state columns of `types`: the values and a validity
 *  byte, doubled for the slack of arrays grown by doubling. Strings count 32 bytes. */
export function bytesPerGroupOf(types: readonly string[]): number {
  let n = 0;
  for (const t of types) n += 1 + (t === 'string' ? 32 : t === 'int64' || t === 'float64' || t === 'timestamp' ? 8 : 4);
  return 2 * n;
}
