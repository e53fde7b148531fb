// Dead array buffers in a task with a memory budget (docs/memory.md, "Process memory"). V8 frees an
// array buffer only when a garbage collection finds its object dead, and starts a full collection
// for array buffers only once they grew about 64 MB past the last one: per worker, with a 64 MB
// share, that is as much again in dead buffers (spill writes, read chunks, merged slices) on top of
// what the task holds. The pacer collects when the thread's array buffers have grown `slack` past
// what it was after the last collection, so a task's dead buffers stay within a fraction of its
// share; a task ends with a collection too, so an idle worker does not keep them.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

/** V8's collector, exposed at run time (a fresh context picks up --expose-gc); null where that fails. */
function collector(): (() => void) | null {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  return gc;
}

/** This thread's array buffers (V8's own external-memory figure is updated only by some collections). */
const arrayBufferBytes = (): number => process.memoryUsage().arrayBuffers;

/** Ticks between two reads of the figure (a read costs a few microseconds; a tick comes per batch). */
export const CHECK_EVERY = 8;

export class GcPacer {
  /** Collections made (a test's and a trace's figure). */
  collections = 0;
  private readonly slack: number;
  private baseline: number;
  private ticks = 0;

  /** `shareBytes`: the task's memory share; dead buffers are let grow to a quarter of it (16 MB at least). */
  constructor(shareBytes: number) {
    this.slack = Math.max(16 << 20, shareBytes / 4);
    this.baseline = arrayBufferBytes();
  }

  /** Called as the task's memory changes; reads the figure every CHECK_EVERY calls. */
  tick(): void {
    if (++this.ticks % CHECK_EVERY !== 0) return;
    if (arrayBufferBytes() - this.baseline > this.slack) this.collect();
  }

  collect(): void {
    const run = collector();
    if (!run) return;
    run();
    this.collections++;
    this.baseline = arrayBufferBytes();
  }
}
