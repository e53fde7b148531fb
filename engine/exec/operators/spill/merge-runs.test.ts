// The external sort's final merge within the task share: how many runs it reads at once, the
// passes that merge consecutive runs first when there are more, and that ties still go to the
// earlier run (the stable order).

import { describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import type { SortKey } from '../../../logical/plan.ts';
import { batchOf, rowsOf } from '../../../compute/batches.test-helper.ts';
import { collect } from '../contract.ts';
import { Held, type SpillFile, SpillFiles } from './spill-files.ts';
import { MERGE_READ_CHUNK, MERGE_SHARE, type MergeStats, mergeWithinShare } from './merge-runs.ts';
import { spillMemory } from './spill.test-helper.ts';

const keys: SortKey[] = [{ column: 'k', descending: false, nullsFirst: true }];
const RUNS = 12;
const ROWS_PER_RUN = 3000;

/** Run r holds keys 0..ROWS_PER_RUN-1 step 3 shifted by r % 3, so runs share keys (ties). */
function runBatches(r: number): RecordBatch[] {
  const out: RecordBatch[] = [];
  for (let at = 0; at < ROWS_PER_RUN; at += 1000) {
    const k = Array.from({ length: 1000 }, (_, i) => 3 * (at + i) + (r % 3));
    out.push(batchOf([{ name: 'k', type: 'int32', values: k }, { name: 'run', type: 'int32', values: k.map(() => r) }]));
  }
  return out;
}

/** The RUNS runs written as sorted spill files of `files`, a write per batch. */
function writeRuns(files: SpillFiles): SpillFile[] {
  return Array.from({ length: RUNS }, (_, r) => {
    const f = files.create(0);
    for (const b of runBatches(r)) f.add(b);
    f.close();
    return f;
  });
}

async function merged(budgetBytes: number): Promise<{ rows: unknown[][]; stats: MergeStats; mostHeld: number; left: number }> {
  const sm = spillMemory(budgetBytes);
  try {
    const files = new SpillFiles(sm.memory, 'sort');
    const runs = writeRuns(files);
    const held = new Held(sm.memory);
    const stats: MergeStats = { premergedRuns: 0, fanIn: 0 };
    let mostHeld = 0;
    const rows: unknown[][] = [];
    for await (const b of mergeWithinShare(runs, keys, 4096, sm.memory, files, held, stats)) {
      mostHeld = Math.max(mostHeld, sm.memory.held);
      rows.push(...rowsOf(b));
    }
    held.release();
    files.removeAll();
    return { rows, stats, mostHeld, left: sm.files().length };
  } finally { sm.cleanup(); }
}

/** Every run's rows in key order, ties in run order: the stable merge. */
const want = (): unknown[][] => Array.from({ length: RUNS }, (_, r) => runBatches(r).flatMap(rowsOf)).flat()
  .map((row, i) => ({ row, i })).sort((a, b) => (a.row[0] as number) - (b.row[0] as number) || a.i - b.i).map((x) => x.row);

describe('the final merge of sorted runs within the task share', () => {
  it('reads every run at once when the share holds them all', async () => {
    const got = await merged(64 * 1024 * 1024);
    expect(got.stats).toEqual({ premergedRuns: 0, fanIn: RUNS });
    expect(got.rows).toEqual(want());
    expect(got.left).toBe(0);
  });

  it('merges consecutive runs first when the share holds fewer, stable, within the budget', async () => {
    // A run's batch here is about 8 KB written: two of them and a read chunk each.
    const perRun = 2 * 8 * 1024 + MERGE_READ_CHUNK;
    for (const fit of [2, 3, 5]) {
      const budget = Math.ceil((fit + 0.9) * perRun / MERGE_SHARE);
      const got = await merged(budget);
      expect(got.stats.fanIn).toBeGreaterThanOrEqual(2);
      expect(got.stats.fanIn).toBeLessThan(RUNS);
      expect(got.stats.premergedRuns).toBeGreaterThanOrEqual(RUNS - got.stats.fanIn + 1);
      expect(got.mostHeld).toBeLessThanOrEqual(budget);
      expect(got.rows).toEqual(want());
      expect(got.left).toBe(0);
    }
  });

  it('an abandoned merge leaves its files to the operator, which removes them', async () => {
    const sm = spillMemory(200 * 1024);
    try {
      const files = new SpillFiles(sm.memory, 'sort');
      const runs = writeRuns(files);
      const first = await collect((async function* () {
        for await (const b of mergeWithinShare(runs, keys, 4096, sm.memory, files, new Held(sm.memory))) { yield b; return; }
      })());
      expect(first).toHaveLength(1);
      expect(sm.files().length).toBeGreaterThan(0);
      files.removeAll();
      expect(sm.files()).toEqual([]);
    } finally { sm.cleanup(); }
  });
});
