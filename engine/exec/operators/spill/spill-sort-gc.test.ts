// The external sort gives a spilled buffer's memory back at once: after it writes a run, the
// batches it had buffered (and its sorted copy) are collected, not left for a later GC to find
// (on the 100M-row scale sort, dead buffers piled up to 200-316 MB per worker; docs/memory.md).

import { describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import type { SortKey } from '../../../logical/plan.ts';
import { batchOf } from '../../../compute/batches.test-helper.ts';
import { externalSort } from './external-sort.ts';
import { spillMemory } from './spill.test-helper.ts';

const ROWS = 20_000;
const keys: SortKey[] = [{ column: 'v', descending: false, nullsFirst: false }];

describe('external sort: memory after a spill', () => {
  it('the batches of a spilled buffer are garbage-collected by the time the next batch is read', async () => {
    const sm = spillMemory(1 << 20);
    const refs: WeakRef<RecordBatch>[] = [];
    let checked = false;
    let aliveAfterSpill = -1;
    // Each batch is made in its own macrotask, and only weakly remembered here, so nothing in
    // the test keeps a buffered batch alive.
    async function* input(): AsyncGenerator<RecordBatch> {
      for (let i = 0; i < 40; i++) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (!checked && sm.memory.spilledBytes > 0) {
          checked = true;
          // The first spill wrote every batch read before the last one: all but it are garbage.
          aliveAfterSpill = refs.slice(0, -1).filter((r) => r.deref() !== undefined).length;
        }
        const values = Array.from({ length: ROWS }, (_, k) => ((k * 7919 + i * 104_729) % 1_000_003) / 7);
        const b = batchOf([{ name: 'v', type: 'float64', values }]);
        refs.push(new WeakRef(b));
        yield b;
      }
    }
    try {
      let rows = 0; let last = -Infinity; let ordered = true;
      for await (const b of externalSort(input(), keys, sm.memory, 'sort')) {
        const col = b.getChildAt(0)!;
        for (let r = 0; r < b.numRows; r++) { const v = col.get(r) as number; if (v < last) ordered = false; last = v; }
        rows += b.numRows;
      }
      expect(rows).toBe(40 * ROWS);
      expect(ordered).toBe(true);
      expect(checked).toBe(true);
      expect(refs.length).toBeGreaterThan(2);
      expect(aliveAfterSpill).toBe(0);
    } finally { sm.cleanup(); }
  });
});
