// An input's output as selections, for the partial aggregate: a filter (or a scan with or
// without filters) selects its rows and the aggregate reads them in place, with no gather of
// every column's kept rows; the filter's rows out are still the rows it keeps.

import type { RecordBatch } from 'apache-arrow';
import type { Expr } from '../../logical/expr.ts';
import type { PhysOp, ScanOp } from '../../physical/physical-types.ts';
import { readSplit } from '../../io/splits.ts';
import { recycleBatch } from '../../io/parquet/read.ts';
import { selectWhere, type SelectedBatch } from '../../compute/eval-expr.ts';
import { SelectionScratch } from '../../compute/select.ts';
import { instrumentSelected } from '../instrument.ts';
import type { OpContext, OpenInput } from './contract.ts';

export function openSelected(op: PhysOp, ctx: OpContext, open: OpenInput): AsyncIterable<SelectedBatch> {
  if (op.kind === 'filter') return instrumentSelected(op, filterSelections(op.input, op.condition, open), ctx.stats, ctx.signal);
  // A scan without filters too: its batches' arrays go back to the decoder after the aggregate.
  if (op.kind === 'scan') return instrumentSelected(op, scanSelections(op, ctx), ctx.stats, ctx.signal);
  return wholeBatches(open(op));
}

// A selection's memory is reused for the next batch: the aggregate is done with it by then.
async function* filterSelections(input: PhysOp, condition: Expr, open: OpenInput): AsyncGenerator<SelectedBatch> {
  const scratch = new SelectionScratch();
  for await (const b of open(input)) yield selectWhere(b, [condition], scratch);
}

async function* scanSelections(op: ScanOp, ctx: OpContext): AsyncGenerator<SelectedBatch> {
  const scratch = new SelectionScratch();
  for (const split of ctx.splits[op.id] ?? []) {
    for await (const b of readSplit(split, op.scan)) {
      ctx.rowsIn += b.numRows;
      ctx.stats.stat(op.id).read += b.numRows;
      yield selectWhere(b, op.scan.filters, scratch);
      // The partial aggregate keeps nothing of its input: the scan may reuse the batch's arrays.
      recycleBatch(b);
    }
  }
}

async function* wholeBatches(batches: AsyncIterable<RecordBatch>): AsyncGenerator<SelectedBatch> {
  for await (const batch of batches) yield { batch, sel: null };
}
