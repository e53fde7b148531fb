// The memory one stage task may hold, and where it spills what does not fit. The run's budget
// (settings.memoryBudgetMB, `--memory`) is shared out by the scheduler among the exchange store
// and the tasks that run at once; each task gets one TaskMemory, which all its operators draw on
// (a hash aggregate, a join's build side, a sort's buffer, the task's output buffers).
// See docs/memory.md.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export class TaskMemory {
  /** Bytes this task's operators may hold together (Infinity: no budget). */
  readonly budgetBytes: number;
  /** The run's spill folder (its name fixed by the scheduler; made by the first spillPath call of
   *  any task, so a run that never spills never makes it), or undefined when the run has no budget. */
  readonly spillDir: string | undefined;
  private readonly prefix: string;
  private files = 0;
  private folderMade = false;
  /** Bytes held now by the task's operators, as they reported them. */
  held = 0;
  /** Bytes written to spill files, per node id. */
  readonly spilled = new Map<string, number>();

  constructor(budgetBytes: number, spillDir: string | undefined, prefix: string) {
    this.budgetBytes = budgetBytes;
    this.spillDir = spillDir;
    this.prefix = prefix.replace(/[^A-Za-z0-9_.-]/g, '_');
  }

  /** An unbounded task (no budget): nothing ever spills. */
  static unbounded(): TaskMemory {
    return new TaskMemory(Number.POSITIVE_INFINITY, undefined, 'task');
  }

  /** Accounts `bytes` more held (negative: released). */
  grow(bytes: number): void {
    this.held += bytes;
  }

  /** Whether holding `bytes` more would go over the task's budget. */
  wouldExceed(bytes: number): boolean {
    return this.held + bytes > this.budgetBytes;
  }

  /** A fresh file path in the spill folder for `tag` (an operator's node id, say). */
  spillPath(tag: string): string {
    if (this.spillDir === undefined) throw new Error('this task has no spill folder (the run has no memory budget)');
    if (!this.folderMade) mkdirSync(this.spillDir, { recursive: true });
    this.folderMade = true;
    return join(this.spillDir, `${this.prefix}-${tag.replace(/[^A-Za-z0-9_.-]/g, '_')}-${this.files++}.arrow`);
  }

  /** Records bytes an operator of `nodeId` wrote to disk (reported with the partition's metrics). */
  recordSpill(nodeId: string, bytes: number): void {
    this.spilled.set(nodeId, (this.spilled.get(nodeId) ?? 0) + bytes);
  }

  get spilledBytes(): number {
    let n = 0;
    for (const b of this.spilled.values()) n += b;
    return n;
  }
}
