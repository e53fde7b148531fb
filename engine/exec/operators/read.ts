// Read: an earlier stage's exchange output routed to this partition (the exchange store owns the
// batches); samples hash keys on the way to name a skewed partition's hot key.

import type { RecordBatch } from 'apache-arrow';
import type { ReadOp } from '../../physical/physical-types.ts';
import { KeySampler } from '../key-sampler.ts';
import type { OpContext, PhysicalOperator } from './contract.ts';

async function* read(op: ReadOp, ctx: OpContext): AsyncGenerator<RecordBatch> {
  if (op.sampleKeys && !ctx.sampler) ctx.sampler = new KeySampler(op.sampleKeys);
  const sampler = op.sampleKeys ? ctx.sampler : undefined;
  for (const b of ctx.inputs[op.id] ?? []) {
    ctx.rowsIn += b.numRows;
    sampler?.add(b);
    yield b;
  }
}

export const readOperator: PhysicalOperator<'read'> = {
  inputs: () => [], holds: () => 'nothing', emits: 'per batch',
  run: (op, ctx) => read(op, ctx),
};
