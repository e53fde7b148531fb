// Spilling exchange data to disk when a run holds more than its memory budget
// (settings.memoryBudgetMB). A partition's output for one target partition is written as one
// Arrow IPC file in the run's folder (under the OS temp folder) and read back, batch by batch,
// when the consuming task starts; the folder is removed when the run ends, however it ends.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import { readIpcFile, writeIpcFile } from '../io/arrow-ipc.ts';
import { batchBytes } from './batch-utils.ts';
import { decodeBatch, type EncodedBatch } from './transfer-codec.ts';

export type Payload = RecordBatch | EncodedBatch;
export interface SpillRef { readonly spilled: true; readonly path: string; readonly rows: number; readonly bytes: number }
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

export class SpillStore {
  private readonly budgetBytes: number;
  private readonly runId: string;
  private dir?: Promise<string>;
  private files = 0;
  /** Bytes of exchange data held in memory now. */
  held = 0;

  constructor(runId: string, budgetBytes: number) {
    this.runId = runId;
    this.budgetBytes = budgetBytes;
  }

  /** Keeps a partition's outputs in memory while under budget, else writes each target's list to a file. */
  async admit(outputs: readonly Payload[][]): Promise<{ outputs: Entry[][]; spilledBytes: number }> {
    const bytes = outputs.reduce((n, list) => n + list.reduce((m, b) => m + payloadBytes(b), 0), 0);
    if (this.held + bytes <= this.budgetBytes || bytes === 0) {
      this.held += bytes;
      return { outputs: outputs.map((l) => [...l]), spilledBytes: 0 };
    }
    let spilledBytes = 0;
    const out: Entry[][] = [];
    for (const list of outputs) {
      if (list.length === 0) {
        out.push([]);
        continue;
      }
      const path = join(await this.folder(), `part-${this.files++}.arrow`);
      const written = await writeIpcFile(path, list.map((b) => (isEncoded(b) ? decodeBatch(b) : b)));
      spilledBytes += written.bytes;
      out.push([{ spilled: true, path, rows: written.rows, bytes: written.bytes }]);
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

  /** Removes the run folder (if any spill happened). */
  async cleanup(): Promise<void> {
    if (this.dir) await rm(await this.dir, { recursive: true, force: true });
  }

  private folder(): Promise<string> {
    this.dir ??= mkdtemp(join(tmpdir(), `tributary-run-${this.runId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40)}-`));
    return this.dir;
  }
}
