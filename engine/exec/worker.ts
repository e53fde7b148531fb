// Pool worker entry: runs one stage task for one partition. Input batches arrive as transferred
// buffers (transfer-codec.ts), output batches leave the same way; nothing is cloned or
// IPC-serialised. Failures come back as data naming the node, since an Error's class and fields
// do not survive the trip between threads.

import { Piscina } from 'piscina';
import type { RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../errors.ts';
import { TransferList, decodeBatch, encodeBatch, type EncodedBatch } from './transfer-codec.ts';
import { runPartition, type PartitionOutcome, type PartitionTask } from './run-partition.ts';

export type WorkerReply =
  | { readonly ok: true; readonly outcome: PartitionOutcome<EncodedBatch> }
  | { readonly ok: false; readonly nodeId?: string; readonly message: string };

export default async function runTask(task: PartitionTask<EncodedBatch>): Promise<unknown> {
  try {
    const inputs: Record<number, RecordBatch[]> = {};
    for (const [id, list] of Object.entries(task.inputs)) inputs[Number(id)] = list.map(decodeBatch);
    const port = task.progress;
    let outcome;
    try {
      outcome = await runPartition({ ...task, inputs }, undefined, port ? (r) => port.postMessage(r) : undefined);
    } finally {
      port?.close();
    }
    const transfers = new TransferList();
    const outputs = outcome.outputs.map((list) => list.map((b) => encodeBatch(b, transfers)));
    const reply: WorkerReply = { ok: true, outcome: { ...outcome, outputs } };
    const movable = {
      get [Piscina.transferableSymbol]() { return transfers.buffers; },
      get [Piscina.valueSymbol]() { return reply; },
    };
    return Piscina.move(movable as unknown as Parameters<typeof Piscina.move>[0]);
  } catch (e) {
    const reply: WorkerReply = e instanceof NodeExecutionError
      ? { ok: false, nodeId: e.nodeId, message: e.message }
      : { ok: false, message: e instanceof Error ? e.message : String(e) };
    return reply;
  }
}
