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
  for (const entry of ctx.inputs[op.id] ?? []) {
    if (!isRef(entry)) {
      ctx.rowsIn += entry.numRows;
      sampler?.add(entry);
      yield entry;
      continue;
    }
    for await (const b of readIpcFile(entry.path)) {
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
