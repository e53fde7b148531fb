// Limit: the first `count` rows of this partition; stops reading its input once it has them.

import type { RecordBatch } from 'apache-arrow';
import type { LimitOp } from '../../physical/physical-types.ts';
import { streams, type OpenInput, type PhysicalOperator } from './contract.ts';

async function* limit(op: LimitOp, open: OpenInput): AsyncGenerator<RecordBatch> {
  let left = op.count;
  if (left <= 0) return;
  for await (const b of open(op.input)) {
    if (b.numRows >= left) {
      yield b.slice(0, left);
      return;
    }
    left -= b.numRows;
    yield b;
  }
}

export const limitOperator: PhysicalOperator<'limit'> = {
  inputs: (op) => streams(op.input), holds: () => 'nothing', emits: 'per batch',
  run: (op, _ctx, open) => limit(op, open),
};
