// A task's output buffers: they hold output up to the task's share, and once the output has gone
// to disk they write it on in pieces of an eighth of the share, so the task does not hold a whole
// share of output again before each write. Real files; the rows come back whole and in order.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Int64, makeData, RecordBatch } from 'apache-arrow';
import { batchOf } from '../../compute/batches.test-helper.ts';
import { readIpcFile } from '../../io/arrow-ipc.ts';
import { batchBytes } from '../batch-utils.ts';
import { isSpilled, type SpillRef } from '../spill.ts';
import { OutputBuffers } from './output-buffers.ts';
import { TaskMemory } from './task-memory.ts';

const dir = mkdtempSync(join(tmpdir(), 'trib-outbuf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('OutputBuffers', () => {
  it('after the first spill, holds at most an eighth of the share (at least 1 MB) before writing again', async () => {
    const share = 16 << 20;
    const memory = new TaskMemory(share, dir, 'outbuf');
    const buffers = new OutputBuffers(1, memory, 'node');
    // 100 batches of 32768 int64 values (256 KB each): 25 MB of output through a 16 MB share.
    const ids = Array.from({ length: 32768 }, (_, j) => j);
    const first = batchOf([{ name: 'v', type: 'int64', values: ids }]);
    // Batch i: the values i * 32768 ... (i + 1) * 32768 - 1.
    const batch = (i: number): RecordBatch => {
      const v = new BigInt64Array(32768);
      for (let j = 0; j < 32768; j++) v[j] = BigInt(i * 32768 + j);
      return new RecordBatch({ v: makeData({ type: new Int64(), length: 32768, nullCount: 0, data: v }) });
    };
    const size = batchBytes(first);
    let maxAfterSpill = 0;
    for (let i = 0; i < 100; i++) {
      buffers.push(0, batch(i));
      if (memory.spilledBytes > 0) maxAfterSpill = Math.max(maxAfterSpill, memory.held);
      if (buffers.over) await buffers.spill();
    }
    expect(memory.spilledBytes).toBeGreaterThan(0);
    expect(maxAfterSpill).toBeGreaterThan(0);
    expect(maxAfterSpill).toBeLessThanOrEqual(Math.max(1 << 20, share / 8) + size);
    // Every row, in order, from the files and the batches still in memory.
    let next = 0n;
    let outOfOrder = 0;
    for (const e of buffers.lists[0]!) {
      for (const b of isSpilled(e) ? await collectFile(e) : [e as RecordBatch]) {
        for (const v of b.getChild('v')!.toArray() as BigInt64Array) if (v !== next++) outOfOrder++;
      }
    }
    expect(next).toBe(BigInt(100 * 32768));
    expect(outOfOrder).toBe(0);
  });
});

async function collectFile(ref: SpillRef): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of readIpcFile(ref.path)) out.push(b);
  return out;
}
