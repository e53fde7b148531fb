// Ownership of buffers sent between threads (transfer-codec.ts): a buffer moves only with its
// single owner; data read by several tasks is shared (SharedArrayBuffer), never moved; buffers
// that outlive a task (dictionaries) are copied; a detached buffer is reported by column.

import { describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { Dictionary, Field, Int32, makeData, RecordBatch, Schema, Struct, Utf8, tableFromArrays, vectorFromArray, type Data } from 'apache-arrow';
import {
  DetachedBufferError, TransferList, collectTransfers, decodeBatch, encodeBatch, pinBuffer, shareEncoded, type EncodedBatch,
} from './transfer-codec.ts';

/** Posts `value` to a port and back, as a worker reply crosses threads (transfers happen here). */
async function roundTrip<T>(value: T, transfer: ArrayBuffer[]): Promise<T> {
  const { port1, port2 } = new MessageChannel();
  const got = new Promise<T>((resolve) => port2.once('message', resolve));
  port1.postMessage(value, transfer);
  const out = await got;
  port1.close();
  return out;
}

function batchOf(name: string, data: Data): RecordBatch {
  const fields = [new Field(name, data.type, true)];
  return new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: data.length, nullCount: 0, children: [data] }));
}

describe('buffer ownership across threads', () => {
  it('two batches of one reply that both have empty buffers can each move to a different task', async () => {
    // One worker reply with two output batches (two target partitions) whose string columns are
    // empty: structured clone used to hand both the same empty ArrayBuffer, and moving the first
    // detached the second ("Cannot transfer object of unsupported type").
    const noBytes = new Uint8Array(0);
    const emptyStrings = (): RecordBatch => batchOf('s', makeData({ type: new Utf8(), length: 1, nullCount: 0, valueOffsets: Int32Array.of(0, 0), data: noBytes }));
    const full = tableFromArrays({ s: ['a', 'b'] }).batches[0]!;
    const reply = new TransferList();
    const outputs = [encodeBatch(emptyStrings(), reply), encodeBatch(emptyStrings(), reply), encodeBatch(full, reply)];
    const received = await roundTrip(outputs, reply.buffers);
    const perTask: EncodedBatch[][] = [];
    for (const e of received) {
      const task = new TransferList();
      perTask.push([collectTransfers(e, task)]);
      await roundTrip(perTask.at(-1), task.buffers); // throws DataCloneError on a detached buffer
    }
    expect(perTask).toHaveLength(3);
  });

  it('a batch read by several tasks is shared: no transfer list, the same memory for every reader', async () => {
    const batch = tableFromArrays({ x: Int32Array.from({ length: 1000 }, (_, i) => i), s: Array.from({ length: 1000 }, (_, i) => `v${i}`) }).batches[0]!;
    const owned = encodeBatch(batch, new TransferList());
    const shared = shareEncoded(owned);
    const a = new TransferList();
    const b = new TransferList();
    const forA = collectTransfers(shared, a);
    const forB = collectTransfers(shared, b);
    expect(a.buffers).toEqual([]);
    expect(b.buffers).toEqual([]);
    const [ra, rb] = [decodeBatch(await roundTrip(forA, [])), decodeBatch(await roundTrip(forB, []))];
    expect([...ra.getChild('s')!].slice(-2)).toEqual(['v998', 'v999']);
    expect(rb.getChild('x')!.get(999)).toBe(999);
    expect(Object.prototype.toString.call((ra.getChild('x')!.data[0]!.values as Int32Array).buffer)).toBe('[object SharedArrayBuffer]');
  });

  it('a single owner moves its buffers; a pinned buffer is copied instead', async () => {
    const x = Int32Array.from({ length: 64 }, (_, i) => i);
    const y = Int32Array.from({ length: 64 }, (_, i) => -i);
    pinBuffer(y.buffer);
    const batch = tableFromArrays({ x, y }).batches[0]!;
    const t = new TransferList();
    const enc = encodeBatch(batch, t);
    await roundTrip(enc, t.buffers);
    const xs = batch.getChild('x')!.data[0]!.values as Int32Array;
    const ys = batch.getChild('y')!.data[0]!.values as Int32Array;
    expect(xs.buffer.byteLength === 0 || xs.buffer !== x.buffer).toBe(true); // moved (or was already a copy)
    expect(ys.buffer === y.buffer ? y.length : 64).toBe(64);
    expect(y[63]).toBe(-63); // pinned: still readable here
  });

  it('dictionary values passed on as a plain column are not moved (the reader keeps its dictionary)', async () => {
    const dict = vectorFromArray(['books', 'toys'], new Dictionary(new Utf8(), new Int32()));
    const values = dict.data[0]!.dictionary!.data[0]!;
    const t1 = new TransferList();
    encodeBatch(batchOf('c', dict.data[0]!), t1); // as a dictionary: copied and pinned
    await roundTrip(null, t1.buffers);
    const t2 = new TransferList();
    encodeBatch(batchOf('plain', values), t2); // the same values as a plain string column
    await roundTrip(null, t2.buffers);
    expect([...dict.data[0]!.dictionary!]).toEqual(['books', 'toys']); // the codes moved; the dictionary stayed
  });

  it('a column over a detached buffer is reported by name, before any message is posted', async () => {
    const batch = tableFromArrays({ amount: new Float64Array(16) }).batches[0]!;
    const first = new TransferList();
    await roundTrip(encodeBatch(batch, first), first.buffers);
    expect(() => encodeBatch(batch, new TransferList())).toThrow(DetachedBufferError);
    expect(() => encodeBatch(batch, new TransferList())).toThrow(/column 'amount'/);
  });
});
