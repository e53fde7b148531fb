// Pool worker entry: runs one stage task for one partition. Input batches arrive as transferred
// buffers (transfer-codec.ts), output batches leave the same way; nothing is cloned or
// IPC-serialised. Failures come back as data naming the node, since an Error's class and fields
// do not survive the trip between threads.

import { once } from 'node:events';
import { Piscina } from 'piscina';
import type { ProgressReport } from './instrument.ts';
import type { RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../errors.ts';
import { TransferList, decodeBatch, encodeBatch, type EncodedBatch } from './transfer-codec.ts';
import { runPartition, type PartitionOutcome, type PartitionTask } from './run-partition.ts';
import { isSpilled, type SpillRef } from './spill.ts';

export type WorkerReply =
  | { readonly ok: true; readonly outcome: PartitionOutcome<EncodedBatch> }
  | { readonly ok: false; readonly nodeId?: string; readonly message: string; readonly name?: string; readonly stack?: string };

export default async function runTask(task: PartitionTask<EncodedBatch>): Promise<unknown> {
  try {
    if (task.fault) await injectFault(task.fault);
    // Spill refs stay refs: the read operator streams their files.
    const inputs: Record<number, (RecordBatch | SpillRef)[]> = {};
    for (const [id, list] of Object.entries(task.inputs)) {
      inputs[Number(id)] = list.map((e) => (isSpilled(e) ? e : decodeBatch(e)));
      // The decoded batches are the only holders now: the read operator lets each go once read.
      (list as unknown[]).length = 0;
    }
    const port = task.progress;
    let outcome;
    try {
      let hold = task.holdUntilProgressSeen === true;
      const report = (r: ProgressReport): void | Promise<void> => {
        port!.postMessage(r);
        if (!hold) return;
        hold = false;
        return once(port!, 'message').then(() => undefined);
      };
      outcome = await runPartition({ ...task, inputs }, undefined, port ? report : undefined);
    } finally {
      port?.close();
    }
    const transfers = new TransferList();
    const outputs = outcome.outputs.map((list) => list.map((b) => (isSpilled(b) ? b : encodeBatch(b, transfers))));
    const reply: WorkerReply = { ok: true, outcome: { ...outcome, outputs } };
    const movable = {
      get [Piscina.transferableSymbol]() { return transfers.buffers; },
      get [Piscina.valueSymbol]() { return reply; },
    };
    return Piscina.move(movable as unknown as Parameters<typeof Piscina.move>[0]);
  } catch (e) {
    return failureReply(e);
  }
}

/** The error as data (class and fields do not survive the trip): node, message, name and stack. */
export function failureReply(e: unknown): WorkerReply {
  const err = e instanceof Error ? e : undefined;
  const message = err ? err.message || err.name || 'an error without a message' : String(e);
  return {
    ok: false, message,
    ...(e instanceof NodeExecutionError ? { nodeId: e.nodeId } : {}),
    ...(err?.name ? { name: err.name } : {}),
    ...(err?.stack ? { stack: err.stack } : {}),
  };
}

/** Tests only: how a worker can die under a task, to check that the host process and the pool survive. */
async function injectFault(fault: NonNullable<PartitionTask<EncodedBatch>['fault']>): Promise<void> {
  if (fault === 'exit') process.exit(70); // in a worker thread this ends the thread, not the process
  if (fault === 'throw') throw new Error('injected error in a task');
  // Thrown outside the task's promise chain: nothing catches it, the worker thread dies.
  await new Promise<never>(() => setImmediate(() => { throw new Error('injected uncaught error in a worker'); }));
}
