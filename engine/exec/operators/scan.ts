// Scan: reads this partition's source splits; pushed filters may have skipped row groups, so
// each row is still checked here. A Parquet scan with filters, or feeding a top-k, decodes the
// columns they read first and the others only for the rows it keeps (late materialization).

import type { RecordBatch } from 'apache-arrow';
import { readSplit } from '../../io/splits.ts';
import { readParquetPart, type ParquetPart } from '../../io/parquet/read.ts';
import type { LateSelection } from '../../io/parquet/decode/row-group.ts';
import { filterBatch } from '../../compute/eval-expr.ts';
import { rowsWhere, ScanTopK } from '../../compute/scan-selection.ts';
import { referencedColumns } from '../../logical/expr.ts';
import type { OpContext, PhysicalOperator } from './contract.ts';
import type { ScanLeaf, ScanOp } from '../../physical/physical-types.ts';

/** The scan's late selection for one task (its top-k bound lives as long as the task), or
 *  undefined when it has neither filters nor a top-k. `counted` is told each batch's rows read. */
export function lateSelection(scan: ScanLeaf, counted: (rows: number) => void): LateSelection | undefined {
  const topK = scan.topK && scan.columns.includes(scan.topK.key.column) ? new ScanTopK(scan.topK.key, scan.topK.limit) : undefined;
  if (scan.filters.length === 0 && !topK) return undefined;
  const cols = new Set<string>();
  for (const f of scan.filters) referencedColumns(f, cols);
  if (scan.topK) cols.add(scan.topK.key.column);
  const first = scan.columns.filter((c) => cols.has(c));
  if (first.length === 0) return undefined;
  return {
    first,
    select(partial) {
      counted(partial.numRows);
      const sel = rowsWhere(partial, scan.filters);
      return topK ? topK.keep(partial, sel) : sel;
    },
  };
}

async function* scan(op: ScanOp, ctx: OpContext): AsyncGenerator<RecordBatch> {
  const count = (rows: number): void => {
    ctx.rowsIn += rows;
    ctx.stats.stat(op.id).read += rows;
  };
  const late = lateSelection(op.scan, count);
  for (const split of ctx.splits[op.id] ?? []) {
    if (late && split.format === 'parquet') {
      // The scan's schema lists exactly its columns, in order (what readSplit would read).
      yield* readParquetPart(split.part as ParquetPart, op.scan.schema.fields, op.scan.filters, late, ctx.firstRows === true);
      continue;
    }
    for await (let b of readSplit(split, op.scan, ctx.firstRows === true)) {
      count(b.numRows);
      for (const f of op.scan.filters) b = filterBatch(b, f);
      yield b;
    }
  }
}

export const scanOperator: PhysicalOperator<'scan'> = {
  inputs: () => [], holds: () => 'nothing', emits: 'per batch',
  run: (op, ctx) => scan(op, ctx),
};
