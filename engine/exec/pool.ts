// The worker pool: piscina sized to the cores, kept warm by the Engine between runs. Tasks take
// their input buffers by transfer and can be aborted: piscina terminates a worker whose task is
// aborted while running (and starts a fresh one), so cancellation does not wait for a kernel.

import { Piscina } from 'piscina';
import type { PartitionTask } from './run-partition.ts';
import type { EncodedBatch } from './transfer-codec.ts';
import type { WorkerReply } from './worker.ts';

export class WorkerPool {
  private readonly pool: Piscina;
  readonly threads: number;

  constructor(threads: number) {
    this.threads = Math.max(1, threads);
    this.pool = new Piscina({
      filename: new URL('./worker-entry.ts', import.meta.url).href,
      minThreads: this.threads,
      maxThreads: this.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      concurrentTasksPerWorker: 1,
    });
    // A worker that finishes a task the run already aborted answers into the void; piscina
    // reports that as an 'error' event, which must not bring the process down.
    this.pool.on('error', () => {});
  }

  run(task: PartitionTask<EncodedBatch>, transferList: ArrayBuffer[], signal?: AbortSignal): Promise<WorkerReply> {
    return this.pool.run(task, { transferList, ...(signal ? { signal } : {}) }) as Promise<WorkerReply>;
  }

  /** Live worker threads (tests check none is left behind). */
  get liveThreads(): number {
    return this.pool.threads.length;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
