// Read: an earlier stage's exchange output routed to this partition (the exchange store owns the
// batches; a spilled list comes as a file, streamed batch by batch so the task never holds it
// whole); samples hash keys on the way to name a skewed partition's hot key.

import type { RecordBatch } from 'apache-arrow';
import type { ReadOp } from '../../physical/physical-types.ts';
import { KeySampler } from '../key-sampler.ts';
import { readIpcFile } from '../../io/arrow-ipc.ts';
import type { SpillRef } from '../spill.ts';
import type { OpContext, PhysicalOperator } from './contract.ts';

async function* read(op: ReadOp, ctx: OpContext): AsyncGenerator<RecordBatch> {
  if (op.sampleKeys && !ctx.sampler) ctx.sampler = new KeySampler(op.sampleKeys);
  const sampler = op.sampleKeys ? ctx.sampler : undefined;
  // The task owns its input lists: each entry leaves the list as it is handed on, so a batch its
  // consumer is done with (a join's build side written to spill files, say) can be collected
  // while the rest is read, instead of staying whole and uncounted until the task ends.
  const list = (ctx.inputs[op.id] ?? []) as (RecordBatch | SpillRef | undefined)[];
  for (let i = 0; i < list.length; i++) {
    const entry = list[i]!;
    list[i] = undefined;
    if (!isRef(entry)) {
      ctx.rowsIn += entry.numRows;
      sampler?.add(entry);
      yield entry;
      continue;
    }
    const [from, to] = entry.range ?? [0, Number.POSITIVE_INFINITY];
    let at = 0;
    for await (const whole of readIpcFile(entry.path)) {
      // A sub-task's range: the rows of this batch inside [from, to), if any.
      const a = Math.max(from - at, 0);
      const z = Math.min(to - at, whole.numRows);
      at += whole.numRows;
      if (z <= a) {
        if (at >= to) break;
        continue;
      }
      const b = a === 0 && z === whole.numRows ? whole : whole.slice(a, z);
      ctx.rowsIn += b.numRows;
      sampler?.add(b);
      yield b;
    }
  }
}

function isRef(e: RecordBatch | SpillRef): e is SpillRef {
  return (e as SpillRef).spilled === true;
}

export const readOperator: PhysicalOperator<'read'> = {
  inputs: () => [], holds: () => 'nothing', emits: 'per batch',
  run: (op, ctx) => read(op, ctx),
};
