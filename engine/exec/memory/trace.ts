// A debugging aid for memory (docs/memory.md, "Measuring where memory goes"): with
// TRIBUTARY_MEMORY_TRACE=FILE set, every thread of a run (the main thread and each pool worker)
// appends one line to FILE every TRIBUTARY_MEMORY_TRACE_MS (default 100 ms): the time, the
// thread, process.memoryUsage() (rss is the process's; heap, external and arrayBuffers are the
// thread's own isolate) and the bytes the budget's accounts say that thread holds (the exchange
// store's, each running task's). Comparing the two shows what the budget does not count.
// Without the variable nothing is registered and no timer runs.

import { appendFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';

const FILE = process.env['TRIBUTARY_MEMORY_TRACE'];
const accounts = new Map<number, { name: string; bytes: () => number }>();
let nextId = 0;
let timer: ReturnType<typeof setInterval> | undefined;

/** Whether tracing is on (TRIBUTARY_MEMORY_TRACE is set). */
export const memoryTraceOn = FILE !== undefined && FILE !== '';

/** Registers a source of accounted bytes under `name` while tracing; call the result to drop it. */
export function traceAccount(name: string, bytes: () => number): () => void {
  if (!memoryTraceOn) return () => undefined;
  const id = nextId++;
  accounts.set(id, { name, bytes });
  startSampling();
  return () => { accounts.delete(id); };
}

/** Writes one line now, with a label (a stage starting, say). */
export function traceMark(label: string): void {
  if (memoryTraceOn) sample(label);
}

function startSampling(): void {
  if (timer) return;
  const every = Number(process.env['TRIBUTARY_MEMORY_TRACE_MS'] ?? 100);
  timer = setInterval(() => sample(), Number.isFinite(every) && every > 0 ? every : 100);
  timer.unref();
}

function sample(label = ''): void {
  const m = process.memoryUsage();
  const mb = (n: number): string => (n / 1048576).toFixed(1);
  const held = [...accounts.values()].map((a) => `${a.name}=${mb(a.bytes())}`).join(',');
  const line = `${Date.now()} t${threadId} rss=${mb(m.rss)} heap=${mb(m.heapUsed)}/${mb(m.heapTotal)} ext=${mb(m.external)} ab=${mb(m.arrayBuffers)} held[${held}]${label ? ` ${label}` : ''}\n`;
  try {
    appendFileSync(FILE!, line);
  } catch {
    // a debugging aid never fails a run
  }
}
