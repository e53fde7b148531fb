// The executor's side of a split join partition: which entries of the probe list each sub-task
// reads, the hot key of the partition (sampled here, before the entries move to the workers), and
// the sub-tasks' outcomes merged back into the partition's one outcome, in sub-partition order
// (so the partition's output order is the probe order, as without the split).

import type { Mitigation } from '../events.ts';
import { KeySampler, type HotKey } from '../key-sampler.ts';
import type { RecordBatch } from 'apache-arrow';
import type { OpMetrics, PartitionOutcome } from '../run-partition.ts';
import { decodeBatch } from '../transfer-codec.ts';
import { isEncoded, isSpilled, type Entry } from '../spill.ts';
import { formatCount } from './format-count.ts';

export interface SubTask { readonly index: number; readonly of: number; readonly range: readonly [number, number] }

export function entryRows(e: Entry): number {
  if (isSpilled(e)) return e.rows;
  return isEncoded(e) ? e.length : e.numRows;
}

/** The sub-tasks of a partition whose probe list holds entries of `sizes` rows: at most `k`
 *  contiguous row ranges of about equal size, each cut at an entry boundary, so every entry goes
 *  whole to one sub-task and moves to it without a copy (cutting inside a batch would make the
 *  main thread copy the list into shared memory first, serially, which costs more than the split
 *  saves). A list of fewer than 2k entries is cut into equal row ranges instead. */
export function subTasks(sizes: readonly number[], k: number): SubTask[] {
  const bounds = [0];
  for (const n of sizes) bounds.push(bounds[bounds.length - 1]! + n);
  const total = bounds[bounds.length - 1]!;
  // Too few entries to cut between them evenly: equal row ranges (entries cut, list shared).
  if (sizes.length < 2 * k) return equalSubTasks(total, k);
  const cuts = [0];
  let j = 0;
  for (let i = 1; i < k; i++) {
    const ideal = (total * i) / k;
    while (j + 1 < bounds.length && bounds[j + 1]! <= ideal) j++;
    // The entry boundary nearest the ideal cut point: bounds[j] <= ideal < bounds[j + 1].
    const cut = j + 1 < bounds.length && bounds[j + 1]! - ideal < ideal - bounds[j]! ? bounds[j + 1]! : bounds[j]!;
    if (cut > cuts[cuts.length - 1]! && cut < total) cuts.push(cut);
  }
  cuts.push(total);
  const ranges = cuts.slice(1).map((to, i) => [cuts[i]!, to] as const).filter(([from, to]) => to > from);
  return ranges.map((range, index) => ({ index, of: ranges.length, range }));
}

function equalSubTasks(rows: number, k: number): SubTask[] {
  return Array.from({ length: k }, (_, index) => ({
    index, of: k, range: [Math.floor((rows * index) / k), Math.floor((rows * (index + 1)) / k)] as const,
  }));
}

/** Whether `range` starts and ends on entry boundaries of a list with entries of `sizes` rows. */
export function onEntryBounds(sizes: readonly number[], range: readonly [number, number]): boolean {
  let at = 0;
  let from = range[0] === 0;
  let to = false;
  for (const n of sizes) {
    at += n;
    if (at === range[0]) from = true;
    if (at === range[1]) to = true;
  }
  return from && to;
}

/** The rows [from, to) of batches that start at row `at` of the list (slices share the buffers). */
export function sliceRange(batches: readonly RecordBatch[], at: number, from: number, to: number): RecordBatch[] {
  const out: RecordBatch[] = [];
  for (const b of batches) {
    const a = Math.max(from - at, 0);
    const e = Math.min(to - at, b.numRows);
    if (e > a) out.push(a === 0 && e === b.numRows ? b : b.slice(a, e));
    at += b.numRows;
  }
  return out;
}

/** The most frequent key values among the probe entries held in memory (spilled ones are skipped). */
export function sampleHotKey(entries: readonly Entry[], keys: readonly string[]): HotKey | undefined {
  const sampler = new KeySampler(keys);
  for (const e of entries) {
    if (sampler.full) break;
    if (isSpilled(e)) continue;
    sampler.add(isEncoded(e) ? decodeBatch(e) : e);
  }
  return sampler.top();
}

/** One outcome from the sub-tasks' (given in sub order): outputs concatenated per target, rows
 *  summed, time the longest sub-task's (they run side by side). */
export function mergeOutcomes<B>(subs: readonly PartitionOutcome<B>[]): PartitionOutcome<B> {
  const targets = Math.max(0, ...subs.map((s) => s.outputs.length));
  const outputs = Array.from({ length: targets }, (_, t) => subs.flatMap((s) => s.outputs[t] ?? []));
  const ops = new Map<number, OpMetrics>();
  for (const s of subs) {
    for (const op of s.ops) {
      const prev = ops.get(op.id);
      ops.set(op.id, prev ? { ...prev, rows: prev.rows + op.rows, ms: Math.max(prev.ms, op.ms) } : op);
    }
  }
  const spilled: Record<string, number> = {};
  for (const s of subs) for (const [n, b] of Object.entries(s.spilled ?? {})) spilled[n] = (spilled[n] ?? 0) + b;
  return {
    outputs,
    ...(Object.keys(spilled).length > 0 ? { spilled } : {}),
    rowsIn: subs.reduce((n, s) => n + s.rowsIn, 0),
    rowsOut: subs.reduce((n, s) => n + s.rowsOut, 0),
    bytes: subs.reduce((n, s) => n + s.bytes, 0),
    durationMs: Math.max(0, ...subs.map((s) => s.durationMs)),
    ops: [...ops.values()],
  };
}

export function splitMitigation(
  stageId: number, nodeId: string, partition: number, subs_: readonly SubTask[], medianRows: number,
  subs: readonly PartitionOutcome<unknown>[], hot: HotKey | undefined,
): Mitigation {
  const probeRows = subs_.map((t) => t.range[1] - t.range[0]);
  const rows = probeRows.reduce((a, b) => a + b, 0);
  const key = hot ? `; hot key ${hot.column} = ${hot.value} (${Math.round(hot.share * 100)}% of sampled probe rows)` : '';
  return {
    kind: 'split-join', stageId, nodeId, partition, rows, medianRows, splitInto: subs.length,
    subPartitions: subs.map((s, i) => ({ rows: probeRows[i] ?? 0, durationMs: s.durationMs })),
    ...(hot ? { hotKey: { column: hot.column, value: hot.value, share: hot.share } } : {}),
    message: `join '${nodeId}': partition ${partition} of stage ${stageId} has ${formatCount(rows)} probe rows against a median of ` +
      `${formatCount(medianRows)}; split into ${subs.length} sub-partitions joined in parallel, each with the whole matching build partition${key}`,
  };
}
