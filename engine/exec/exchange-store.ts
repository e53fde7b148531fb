// The exchange data of one run: each finished stage's output as lists of batches per target
// partition, in source-partition order. It owns that memory: spills what goes over its share of
// the run's budget (spill.ts), hands each reading task its batches (moved to a single reader,
// shared by several) and its spilled files as refs the task streams, lets a list go once its last
// reader has it, and deletes a spill file once the last task reading it has finished.

import type { RecordBatch } from 'apache-arrow';
import type { PhysicalPlan, Stage } from '../physical/physical-types.ts';
import { opsOf } from '../physical/physical-types.ts';
import type { PartitionOutcome } from './run-partition.ts';
import { TransferList, collectTransfers, decodeBatch, encodeBatch, shareEncoded, type EncodedBatch } from './transfer-codec.ts';
import { entryRows, onEntryBounds, sliceRange } from './skew/split-run.ts';
import { traceAccount } from './memory/trace.ts';
import { SpillStore, isEncoded, isSpilled, payloadBytes, type Entry, type SpillRef } from './spill.ts';

export class ExchangeStore {
  /** Output of each finished stage: batches per target partition. */
  private readonly exchanges = new Map<number, Entry[][]>();
  private readonly spill: SpillStore;
  /** How many tasks read each (stage, target) list, and how many reads are left. A list with one
   *  reader is owned by it (its buffers move to that task); a list with several readers is turned
   *  into SharedArrayBuffers once, at the first read, and every reader gets the same shared copy. */
  private readonly readsTotal = new Map<string, number>();
  private readonly readsLeft = new Map<string, number>();
  private readonly sharedLists = new Set<string>();
  /** Spill files handed to tasks: how many of those tasks have not finished yet. */
  private readonly fileReaders = new Map<string, number>();
  /** Spill files whose list has no reads left: deleted when their last reading task finishes. */
  private readonly fileDone = new Set<string>();

  private readonly plan: PhysicalPlan;
  private readonly untrace: () => void;

  /** `spillDir`: the run's spill folder (runSpillDir; made on the first spill); `budgetBytes`: the
   *  exchange store's share of the run's budget. */
  constructor(plan: PhysicalPlan, spillDir: string, budgetBytes: number) {
    this.plan = plan;
    this.spill = new SpillStore(spillDir, budgetBytes);
    this.countReads(plan);
    this.untrace = traceAccount('exchange', () => this.spill.held);
  }

  /** A finished partition's outputs, kept in memory while the budget allows, else spilled; lists
   *  the task spilled itself stay as refs. */
  admit(outputs: readonly Entry[][]): Promise<{ outputs: Entry[][]; spilledBytes: number }> {
    return this.spill.admit(outputs);
  }

  /** A task handed `refs` (inputsFor's `handed`) has finished, however it ended: a file whose list
   *  has no reads left and no running reader is deleted now. */
  async readDone(refs: readonly SpillRef[]): Promise<void> {
    for (const ref of refs) {
      const n = (this.fileReaders.get(ref.path) ?? 1) - 1;
      if (n > 0) {
        this.fileReaders.set(ref.path, n);
        continue;
      }
      this.fileReaders.delete(ref.path);
      if (this.fileDone.delete(ref.path)) await this.spill.release(ref);
    }
  }

  /** A finished stage's partitions' outputs, laid out as its exchange's target lists. */
  store(stage: Stage, outcomes: readonly PartitionOutcome<Entry>[]): void {
    const out = stage.output;
    if (out.kind === 'sink' || out.kind === 'discard') return;
    let targets: Entry[][];
    if (out.kind === 'hash' || out.kind === 'round-robin') {
      targets = Array.from({ length: out.partitions }, (_, t) => outcomes.flatMap((o) => o.outputs[t] ?? []));
    } else if (out.kind === 'forward') {
      targets = outcomes.map((o) => o.outputs[0] ?? []);
    } else {
      targets = [outcomes.flatMap((o) => o.outputs[0] ?? [])];
    }
    this.exchanges.set(stage.id, targets);
  }

  /** The batches of a one-list output (a result, a fitted model), from memory or a spill file;
   *  they stay for the stages that read them. */
  async batchesOf(stageId: number): Promise<RecordBatch[]> {
    const batches: RecordBatch[] = [];
    for (const e of this.exchanges.get(stageId)?.[0] ?? []) {
      if (isSpilled(e)) batches.push(...(await this.spill.load(e)));
      else batches.push(isEncoded(e) ? decodeBatch(e) : e);
    }
    return batches;
  }

  /** The target lists of a finished stage's output (empty before it finishes). */
  listsOf(stageId: number): readonly (readonly Entry[])[] {
    return this.exchanges.get(stageId) ?? [];
  }

  /** `extra` more tasks read what partition `p` of `stage` reads (a skewed partition split into
   *  sub-tasks); returns the rows each of them reads in full (every read but `exceptOpId`'s). */
  addReaders(stage: Stage, p: number, extra: number, exceptOpId: number): number {
    let rows = 0;
    for (const op of opsOf(stage.root)) {
      if (op.kind !== 'read') continue;
      const ts = op.mode === 'all' ? Array.from({ length: targetCount(this.plan.stages[op.fromStage]!) }, (_, t) => t) : [p];
      for (const t of ts) {
        const key = `${op.fromStage}:${t}`;
        if (op.id !== exceptOpId) for (const e of this.exchanges.get(op.fromStage)?.[t] ?? []) rows += entryRows(e);
        this.readsLeft.set(key, (this.readsLeft.get(key) ?? 0) + extra);
        this.readsTotal.set(key, (this.readsTotal.get(key) ?? 0) + extra);
      }
    }
    return rows;
  }

  /** The batches each read operator of `stage` gets for partition `p`; spilled lists go as refs
   *  the task streams (each one is added to `handed`: call readDone(handed) once the task has
   *  finished). `pick` narrows one read to a range of its rows (a split partition's sub-task).
   *  `partitionOnly`: a coalesced partition read by its group's task, which took the broadcast
   *  reads once with its first partition: those are counted as read here, not handed again. */
  async inputsFor(
    stage: Stage, p: number, mode: 'inline' | 'pool', transfers?: TransferList,
    pick?: { readonly opId: number; readonly range: readonly [number, number] },
    handed: SpillRef[] = [], partitionOnly = false,
  ): Promise<Record<number, Entry[]>> {
    const inputs: Record<number, Entry[]> = {};
    for (const op of opsOf(stage.root)) {
      if (op.kind !== 'read') continue;
      const lists = this.exchanges.get(op.fromStage) ?? [];
      const wanted = op.mode === 'all' ? lists.map((_, t) => t) : p < lists.length ? [p] : [];
      const batches: Entry[] = [];
      for (const t of wanted) {
        const k = `${op.fromStage}:${t}`;
        const left = (this.readsLeft.get(k) ?? 1) - 1;
        this.readsLeft.set(k, left);
        const picked = pick?.opId === op.id;
        // A sub-task's range on entry boundaries takes its entries whole: they move, unshared.
        const movesWhole = picked && onEntryBounds((lists[t] ?? []).map(entryRows), pick.range);
        if ((this.readsTotal.get(k) ?? 1) > 1 && !this.sharedLists.has(k) && !movesWhole) {
          lists[t] = (lists[t] ?? []).map((e) => (isSpilled(e) ? e : shareEncoded(isEncoded(e) ? e : encodeBatch(e, new TransferList()))));
          this.sharedLists.add(k);
        }
        const shared = this.sharedLists.has(k);
        if (partitionOnly && op.mode === 'all') {
          if (left <= 0) for (const e of lists[t] ?? []) if (isSpilled(e)) this.fileDone.add(e.path);
        } else {
          // A split partition's sub-task reads its own range of rows of the probe list.
          let at = 0;
          for (const entry of lists[t] ?? []) {
            if (picked) {
              const n = entryRows(entry);
              if (at < pick.range[1] && at + n > pick.range[0] && isSpilled(entry)) {
                // The sub-task streams its rows of the file; the file goes when the last task reading it is done.
                const ref: SpillRef = { ...entry, range: [Math.max(0, pick.range[0] - at), Math.min(n, pick.range[1] - at)] };
                batches.push(ref);
                handed.push(ref);
                this.fileReaders.set(ref.path, (this.fileReaders.get(ref.path) ?? 0) + 1);
              } else if (movesWhole && !isSpilled(entry) && at >= pick.range[0] && at + n <= pick.range[1]) {
                // This sub-task is the entry's only reader: it moves as a single reader's would.
                if (mode === 'inline') batches.push(isEncoded(entry) ? decodeBatch(entry) : entry);
                else batches.push(collectTransfers(isEncoded(entry) ? entry : encodeBatch(entry, new TransferList()), transfers!));
              } else if (at < pick.range[1] && at + n > pick.range[0]) {
                // Slices of shared buffers go by reference.
                const whole = [isEncoded(entry) ? decodeBatch(entry) : entry as RecordBatch];
                for (const b of sliceRange(whole, at, pick.range[0], pick.range[1])) batches.push(mode === 'inline' ? b : encodeBatch(b, transfers!));
              }
              if (left <= 0 && isSpilled(entry)) this.fileDone.add(entry.path);
              at += n;
            } else if (isSpilled(entry)) {
              // The task streams the file itself (operators/read.ts): nothing is loaded here.
              batches.push(entry);
              handed.push(entry);
              this.fileReaders.set(entry.path, (this.fileReaders.get(entry.path) ?? 0) + 1);
              if (left <= 0) this.fileDone.add(entry.path);
            } else if (mode === 'inline') {
              batches.push(isEncoded(entry) ? decodeBatch(entry) : entry);
            } else if (shared) {
              batches.push(entry as EncodedBatch); // SharedArrayBuffers: sent by reference, never moved
            } else {
              // The single reader owns the list: its buffers move to the task.
              batches.push(collectTransfers(isEncoded(entry) ? entry : encodeBatch(entry, new TransferList()), transfers!));
            }
          }
        }
        if (left <= 0) {
          for (const e of lists[t] ?? []) if (!isSpilled(e)) this.spill.held -= payloadBytes(e);
          lists[t] = []; // let the memory go
        }
      }
      inputs[op.id] = batches;
    }
    return inputs;
  }

  /** Drops every list and removes the run's spill files. */
  async close(): Promise<void> {
    this.exchanges.clear();
    this.untrace();
    await this.spill.cleanup();
  }

  /** Counts the readers of each (stage, target) list: one reader owns it, several share it. */
  private countReads(plan: PhysicalPlan): void {
    for (const stage of plan.stages) {
      for (const op of opsOf(stage.root)) {
        if (op.kind !== 'read') continue;
        const source = plan.stages[op.fromStage]!;
        const targets = targetCount(source);
        for (let p = 0; p < stage.partitions; p++) {
          const ts = op.mode === 'all' ? Array.from({ length: targets }, (_, t) => t) : p < targets ? [p] : [];
          for (const t of ts) {
            const k = `${op.fromStage}:${t}`;
            this.readsLeft.set(k, (this.readsLeft.get(k) ?? 0) + 1);
            this.readsTotal.set(k, (this.readsTotal.get(k) ?? 0) + 1);
          }
        }
      }
    }
  }
}

function targetCount(source: Stage): number {
  const out = source.output;
  if (out.kind === 'hash' || out.kind === 'round-robin') return out.partitions;
  if (out.kind === 'forward') return source.partitions;
  return 1;
}
