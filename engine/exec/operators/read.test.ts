// The read operator hands on a task's input batches and lets each go as it does: the list it was
// given keeps no batch already read, so a consumer that is done with one (a join's build side
// written to spill files) does not keep the whole input alive until the task ends.

import { describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import type { ReadOp } from '../../physical/physical-types.ts';
import { batchOf, rowsOf } from '../../compute/batches.test-helper.ts';
import { OpStats } from '../instrument.ts';
import type { OpContext } from './contract.ts';
import { readOperator } from './read.ts';

describe('read operator', () => {
  it('drops each input batch from the task list once it has handed it on', async () => {
    const batches = [0, 1, 2].map((p) => batchOf([{ name: 'x', type: 'int32', values: [p * 10, p * 10 + 1, p * 10 + 2] }]));
    const op = { kind: 'read', id: 1, nodeId: 'in', schema: { fields: [{ name: 'x', type: 'int32', nullable: true }] }, final: false, fromStage: 0, mode: 'partition', partitions: 1 } as ReadOp;
    const list: RecordBatch[] = [...batches];
    const ctx: OpContext = { partition: 0, splits: {}, inputs: { 1: list }, stats: new OpStats(op), rowsIn: 0 };
    const rows: unknown[] = [];
    let at = 0;
    for await (const b of readOperator.run(op, ctx, () => { throw new Error('a read has no inputs to open'); })) {
      // While batch `at` is being consumed, the list holds none of the batches up to it.
      expect(list.slice(0, at + 1).every((e) => e === undefined)).toBe(true);
      expect(list.slice(at + 1)).toEqual(batches.slice(at + 1));
      rows.push(...rowsOf(b));
      at++;
    }
    expect(rows).toEqual([[0], [1], [2], [10], [11], [12], [20], [21], [22]]);
    expect(ctx.rowsIn).toBe(9);
  });
});
