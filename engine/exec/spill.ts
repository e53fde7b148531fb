// Spilling exchange data to disk when a run holds more than its memory budget (docs/memory.md).
// A partition's output for one target partition is written as one Arrow IPC file in the run's
// folder (under the OS temp folder) by the main thread (admit) or by the task itself when its
// output outgrew its share (run-partition.ts); the reading task streams it batch by batch
// (operators/read.ts). The folder is created on the first spill and removed when the run ends,
// however it ends.

import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import { readIpcFile, writeIpcFile } from '../io/arrow-ipc.ts';
import { batchBytes } from './batch-utils.ts';
import { decodeBatch, type EncodedBatch } from './transfer-codec.ts';

export type Payload = RecordBatch | EncodedBatch;
export interface SpillRef {
  readonly spilled: true; readonly path: string; readonly rows: number; readonly bytes: number;
  /** Only rows [from, to) of the file (a split partition's sub-task reads its range of a list). */
  readonly range?: readonly [number, number];
}
export type Entry = Payload | SpillRef;

export function isEncoded(p: Entry): p is EncodedBatch {
  return (p as EncodedBatch).encoded === true;
}

export function isSpilled(p: Entry): p is SpillRef {
  return (p as SpillRef).spilled === true;
}

export function payloadBytes(p: Payload): number {
  return isEncoded(p) ? p.bytes : batchBytes(p);
}

/** The run's spill folder: its name is fixed when the run starts (tasks get it), the folder itself
 *  is made by whoever spills first (mkdir -p, from any thread). */
export function runSpillDir(runId: string): string {
  return join(tmpdir(), `tributary-run-${runId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40)}-${randomBytes(6).toString('hex')}`);
}

export class SpillStore {
  private readonly budgetBytes: number;
  /** The run's spill folder (runSpillDir), made on the first spill. */
  readonly dir: string;
  private made?: Promise<unknown>;
  private files = 0;
  /** Bytes of exchange data held in memory now. */
  held = 0;

  constructor(dir: string, budgetBytes: number) {
    this.dir = dir;
    this.budgetBytes = budgetBytes;
  }

  /** Keeps a partition's outputs in memory while under budget, else writes each target's list to a
   *  file. Lists a task spilled already (SpillRef) are kept as they are: never read back here. */
  async admit(outputs: readonly Entry[][]): Promise<{ outputs: Entry[][]; spilledBytes: number }> {
    const bytes = outputs.reduce((n, list) => n + list.reduce((m, b) => m + (isSpilled(b) ? 0 : payloadBytes(b)), 0), 0);
    if (this.held + bytes <= this.budgetBytes || bytes === 0) {
      this.held += bytes;
      return { outputs: outputs.map((l) => [...l]), spilledBytes: 0 };
    }
    let spilledBytes = 0;
    const out: Entry[][] = [];
    for (const list of outputs) {
      const kept: Entry[] = [];
      // Consecutive in-memory batches go to one file; refs keep their place (batch order holds).
      let run: Payload[] = [];
      const flush = async (): Promise<void> => {
        if (run.length === 0) return;
        await this.folder();
        const path = join(this.dir, `part-${this.files++}.arrow`);
        const written = await writeIpcFile(path, run.map((b) => (isEncoded(b) ? decodeBatch(b) : b)));
        spilledBytes += written.bytes;
        kept.push({ spilled: true, path, rows: written.rows, bytes: written.bytes });
        run = [];
      };
      for (const e of list) {
        if (isSpilled(e)) {
          await flush();
          kept.push(e);
        } else run.push(e);
      }
      await flush();
      out.push(kept);
    }
    return { outputs: out, spilledBytes };
  }

  async load(ref: SpillRef): Promise<RecordBatch[]> {
    const batches: RecordBatch[] = [];
    for await (const b of readIpcFile(ref.path)) batches.push(b);
    return batches;
  }

  async release(ref: SpillRef): Promise<void> {
    await rm(ref.path, { force: true });
  }

  /** Removes the run folder and everything in it (written here or by the tasks), if it exists. */
  async cleanup(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  private folder(): Promise<unknown> {
    this.made ??= mkdir(this.dir, { recursive: true });
    return this.made;
  }
}
