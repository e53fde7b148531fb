// The rows a model's partials send to `final` (a 'features' vector column, and a float64 'label'
// column for supervised models), copied into one row-major array and put into the canonical
// order, so the fit sees the same rows in the same order for any partitioning.

import type { RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../../errors.ts';
import type { StageContext } from '../stage.ts';
import { finiteNumericColumn } from '../columns.ts';
import { canonicalOrder, reorder } from './canonical-order.ts';
import { featureRows } from './model-columns.ts';

export interface GatheredRows {
  readonly n: number;
  readonly size: number;
  /** n * size features, row-major, in the canonical order. */
  readonly x: Float64Array;
  /** The labels in the same order (when gathered with labels). */
  readonly y: Float64Array | undefined;
}

/** `why` ends the error when there is no row: what needs at least one. */
export function gatherRows(ctx: StageContext, partials: readonly RecordBatch[], withLabel: boolean, why: string): GatheredRows {
  let n = 0;
  let size = -1;
  for (const b of partials) {
    if (b.numRows === 0) continue;
    const s = featureRows(ctx, b, 'features').size;
    if (size >= 0 && s !== size) throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: features have ${size} elements in some rows and ${s} in others: assemble every row from the same columns`);
    size = s; n += b.numRows;
  }
  if (n === 0) throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: the training input (port 'train') has no rows: ${why}`);
  const x = new Float64Array(n * size);
  const y = withLabel ? new Float64Array(n) : undefined;
  let at = 0;
  for (const b of partials) {
    if (b.numRows === 0) continue;
    x.set(featureRows(ctx, b, 'features').values, at * size);
    y?.set(finiteNumericColumn(ctx, b, 'label', 'labelCol'), at);
    at += b.numRows;
  }
  const sorted = reorder(canonicalOrder(x, size, n, y), x, size, y);
  return { n, size, x: sorted.features, y: sorted.label };
}
