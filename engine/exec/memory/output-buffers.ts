// A task's output buffers, one list per target partition, bounded by the task's memory share:
// when what the task's operators hold plus the buffered output goes over it, each target's
// buffered batches are written to an Arrow IPC file in the run's spill folder, by the task itself
// (in its worker thread), and the list keeps a SpillRef in their place. The exchange store takes
// the refs as they are and the reading task streams them (operators/read.ts), so a spilled
// output is never whole in memory, in the worker or in the main thread.

import type { RecordBatch } from 'apache-arrow';
import { writeIpcFile } from '../../io/arrow-ipc.ts';
import { batchBytes } from '../batch-utils.ts';
import type { SpillRef } from '../spill.ts';
import type { TaskMemory } from './task-memory.ts';

export class OutputBuffers {
  /** Per target: batches and spill refs, in the order the task emitted them. */
  readonly lists: (RecordBatch | SpillRef)[][];
  /** Per target: how many trailing entries are batches still in memory. */
  private readonly pending: number[];
  private bufferedBytes = 0;
  private spilledOnce = false;
  private readonly memory: TaskMemory | undefined;
  /** The node the spilled output is reported under (the stage's last node). */
  private readonly nodeId: string;

  constructor(targets: number, memory: TaskMemory | undefined, nodeId: string) {
    this.lists = Array.from({ length: targets }, () => []);
    this.pending = new Array<number>(targets).fill(0);
    this.memory = memory;
    this.nodeId = nodeId;
  }

  push(target: number, batch: RecordBatch): void {
    this.lists[target]!.push(batch);
    this.pending[target]!++;
    const bytes = batchBytes(batch);
    this.bufferedBytes += bytes;
    this.memory?.grow(bytes);
  }

  /** Whether the task is over its share with output buffered that could go to disk; or, once its
   *  output has gone to disk, whether an eighth of the share (at least 1 MB) is buffered again:
   *  the output is going to disk anyway, and holding a whole share of it before each write only
   *  raised the task's peak (the scale bench's sort: 64 MB per worker at a 256 MB budget). */
  get over(): boolean {
    const m = this.memory;
    if (m === undefined || m.spillDir === undefined || this.bufferedBytes === 0) return false;
    return m.held > m.budgetBytes || (this.spilledOnce && this.bufferedBytes >= Math.max(1 << 20, m.budgetBytes / 8));
  }

  /** Writes every target's buffered batches to a spill file of its own. */
  async spill(): Promise<void> {
    const m = this.memory!;
    for (let t = 0; t < this.lists.length; t++) {
      const n = this.pending[t]!;
      if (n === 0) continue;
      const list = this.lists[t]!;
      const batches = list.splice(list.length - n, n) as RecordBatch[];
      const path = m.spillPath(`out${t}`);
      const written = await writeIpcFile(path, batches);
      list.push({ spilled: true, path, rows: written.rows, bytes: written.bytes });
      this.pending[t] = 0;
      m.recordSpill(this.nodeId, written.bytes);
    }
    m.grow(-this.bufferedBytes);
    this.bufferedBytes = 0;
    this.spilledOnce = true;
  }
}
