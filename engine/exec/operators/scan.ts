// Scan: reads this partition's source splits; pushed filters may have skipped row groups, so
// each row is still checked here.

import type { RecordBatch } from 'apache-arrow';
import { readSplit } from '../../io/splits.ts';
import { filterBatch } from '../../compute/eval-expr.ts';
import type { OpContext, PhysicalOperator } from './contract.ts';
import type { ScanOp } from '../../physical/physical-types.ts';

async function* scan(op: ScanOp, ctx: OpContext): AsyncGenerator<RecordBatch> {
  for (const split of ctx.splits[op.id] ?? []) {
    for await (let b of readSplit(split, op.scan)) {
      ctx.rowsIn += b.numRows;
      ctx.stats.stat(op.id).read += b.numRows;
      for (const f of op.scan.filters) b = filterBatch(b, f);
      yield b;
    }
  }
}

export const scanOperator: PhysicalOperator<'scan'> = {
  inputs: () => [], holds: () => 'nothing', emits: 'per batch',
  run: (op, ctx) => scan(op, ctx),
};
