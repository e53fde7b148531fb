// The worker pool: piscina sized to the cores, kept warm by the Engine between runs. Tasks take
// their input buffers by transfer and can be aborted: piscina terminates a worker whose task is
// aborted while running (and starts a fresh one), so cancellation does not wait for a kernel.

import type { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { PartitionTask } from './run-partition.ts';
import type { EncodedBatch } from './transfer-codec.ts';
import type { WorkerReply } from './worker.ts';

/** A smaller young generation than V8's default (semi-spaces of 8 MB instead of up to 16-32): a
 *  worker's JS heap holds little that lives long (batches are array buffers, outside it), and
 *  V8 kept each worker's heap at 80-150 MB for 15-65 MB in use; the scale bench's sort at a 256 MB
 *  budget peaked about 120 MB lower with it (docs/memory.md). */
export const WORKER_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 24 } as const;

export class WorkerPool {
  private readonly pool: Piscina;
  readonly threads: number;
  /** Threads piscina has terminated (an aborted task's) whose 'exit' has not come yet. */
  private readonly exiting = new Set<Worker>();
  private readonly onExitOf = new WeakMap<Worker, () => void>();

  constructor(threads: number) {
    this.threads = Math.max(1, threads);
    this.pool = new Piscina({
      filename: new URL('./worker-entry.ts', import.meta.url).href,
      minThreads: this.threads,
      maxThreads: this.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      concurrentTasksPerWorker: 1,
      resourceLimits: WORKER_RESOURCE_LIMITS,
    });
    // A worker that finishes a task the run already aborted answers into the void; piscina
    // reports that as an 'error' event, which must not bring the process down.
    this.pool.on('error', () => {});
    // piscina emits 'workerDestroy' while the terminated thread is still in `threads`; note it.
    this.pool.on('workerDestroy', (w: { id: number }) => {
      // threadId is -1 once a thread is gone (its 'exit' already emitted): nothing to do.
      const thread = w.id >= 0 ? this.pool.threads.find((t) => t.threadId === w.id) : undefined;
      if (!thread || this.exiting.has(thread)) return;
      this.exiting.add(thread);
      const onExit = (): void => { this.exiting.delete(thread); };
      this.onExitOf.set(thread, onExit);
      thread.once('exit', onExit);
    });
  }

  run(task: PartitionTask<EncodedBatch>, transferList: ArrayBuffer[], signal?: AbortSignal): Promise<WorkerReply> {
    return this.pool.run(task, { transferList, ...(signal ? { signal } : {}) }) as Promise<WorkerReply>;
  }

  /** Live worker threads (tests check none is left behind). */
  get liveThreads(): number {
    return this.pool.threads.length;
  }

  /** Terminated threads, not exited yet, whose exit piscina would still answer by starting
   *  threads (tests: none after close()). */
  get respawningExits(): number {
    let n = 0;
    for (const t of this.exiting) if (t.listeners('exit').some((l) => l !== this.onExitOf.get(t))) n++;
    return n;
  }

  /** piscina answers the 'exit' of a thread it terminated (an aborted task's) by topping the pool
   *  up to minThreads; when that exit comes after destroy() (termination can take long), it
   *  starts fresh threads in the destroyed pool, which then live on unnoticed until the process
   *  ends. So before destroying, such threads lose piscina's exit handler: their replacements
   *  already exist and are destroyed with the pool. */
  async close(): Promise<void> {
    for (const t of this.exiting) {
      const ours = this.onExitOf.get(t);
      for (const l of t.listeners('exit')) if (l !== ours) t.off('exit', l as (code: number) => void);
    }
    await this.pool.destroy();
    // destroy() waits for the threads it ends, not for those an abort ended before (or that it
    // terminated before they came online): end them too and wait for their exit, so that when
    // close() resolves no thread of this pool is left and none can be answered with a new one.
    // terminate() ourselves, not only a wait for 'exit': piscina can announce a thread's
    // destruction (workerDestroy) before it terminates it, and a destroy() in between left that
    // thread running, so close() waited forever (cancel-and-fail.test.ts, about 1 run in 10).
    await Promise.all([...this.exiting].map((t) => (t.threadId < 0 ? undefined : t.terminate().then(() => undefined, () => undefined))));
  }
}
