// A full garbage collection on demand, for the moments a task has just let go of a lot of array
// buffers (an external sort's buffer written to a run). V8 frees a dead ArrayBuffer's memory only
// when a GC finds it, and what triggers one is the JS heap's growth, which a task's batches barely
// touch (their data lives outside the heap): on the scale bench's 100M-row sort each worker held
// 200-316 MB of array buffers for 2-64 MB accounted (docs/memory.md). Collecting right after a
// spill gives that memory back while the task is between buffers, at the cost of one full GC of
// a small heap per spill.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

function collector(): () => void {
  if (gc) return gc;
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return (gc = exposed);
  // `--expose-gc` takes effect for contexts made after it is set: a fresh context hands out the
  // isolate's collector (the flag is per process, so later contexts of this process see `gc` too).
  setFlagsFromString('--expose-gc');
  gc = runInNewContext('gc') as () => void;
  return gc;
}

/** Runs a full (major) garbage collection of this thread's isolate. */
export function collectGarbage(): void {
  collector()();
}
