// Late materialization over one row group's column decoders (row-group.ts): per batch, the
// columns a scan's filters (or its top-k's first key) read are decoded first; `select` says which
// rows of that partial batch the scan keeps, and the other columns are then decoded for those rows
// only, or stepped over where no row survives (docs/late-materialization.md).

import { type Data, type RecordBatch, Type } from 'apache-arrow';
import { makeBatch } from '../../../compute/arrow-build.ts';
import { gatherData } from '../../../compute/gather.ts';
import { returnArrays } from './batch-memory.ts';
import type { ColumnDecoder } from './column-decoder.ts';

/** What a scan keeps of each batch, decided on its first columns. */
export interface LateSelection {
  /** Columns (names among the row group's fields) decoded first; the partial batch has exactly these. */
  readonly first: readonly string[];
  /** Rows of the partial batch to keep, ascending (null: all of them). */
  select(partial: RecordBatch): Int32Array | null;
}

/** Columns whose arrays may be reused once gathered: not dictionary codes, which gather.ts
 *  remembers by identity (a narrowed copy) and would then read stale. */
const reusable = (cols: readonly Data[]): Data[] => cols.filter((d) => d.type.typeId !== Type.Dictionary);

/** A selection at most this dense (kept rows over the batch's rows) decodes the other columns
 *  row run by row run; denser ones decode whole, which costs a few ns a row against some 100 ns
 *  a kept row stepped to (measured: 7% kept rows row by row was a third slower than whole). */
const SPARSE_FRACTION = 1 / 128;

/** A batch and the rows of it the scan keeps (null: all): a sparse selection comes gathered
 *  already (sel null), a dense one as the whole batch and its rows, for the consumer to gather or
 *  read in place (the fused partial aggregate). */
export interface LateRows { readonly batch: RecordBatch; readonly sel: Int32Array | null }

/** Rows `sel` of a batch as a batch of their own (the whole batch's value arrays reused later). */
export function gatherLate({ batch, sel }: LateRows): RecordBatch {
  if (sel === null) return batch;
  const cols = batch.data.children;
  const kept = makeBatch(batch.schema.fields.map((f) => f.name), cols.map((d) => gatherData(d, sel, true)), sel.length, batch.schema.fields.map((f) => f.nullable));
  returnArrays(reusable(cols));
  return kept;
}

/** The batches of a row group with the rows `late` selects (batches it empties left out). */
export function lateBatches(
  decoders: readonly ColumnDecoder[], names: readonly string[], nullable: readonly boolean[], ranges: Iterable<readonly [number, number]>, late: LateSelection,
): Iterable<LateRows> {
  const first = late.first.map((name) => {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`late selection column '${name}' is not among the scan's columns`);
    return i;
  });
  const rest = decoders.map((_, i) => i).filter((i) => !first.includes(i));
  const stepOver = rest.every((i) => decoders[i]!.cursor.canSkip);
  return (function* selectedBatches(): Generator<LateRows> {
    for (const [s, e] of ranges) {
      const n = e - s;
      const cols: Data[] = new Array(names.length);
      for (const i of first) cols[i] = decoders[i]!.full(s, e);
      const sel = late.select(makeBatch(first.map((i) => names[i]!), first.map((i) => cols[i]!), n, first.map((i) => nullable[i]!)));
      if (sel === null) {
        for (const i of rest) cols[i] = decoders[i]!.full(s, e);
        yield { batch: makeBatch(names, cols, n, nullable), sel: null };
      } else if (stepOver && sel.length <= n * SPARSE_FRACTION) {
        // The first columns' whole-batch arrays are garbage once gathered: reused for later batches.
        const whole = first.map((i) => cols[i]!);
        for (const i of first) cols[i] = gatherData(cols[i]!, sel, true);
        returnArrays(reusable(whole));
        if (sel.length === 0) { for (const i of rest) decoders[i]!.skip(s, e); continue; }
        for (const i of rest) cols[i] = decoders[i]!.selected(s, e, sel);
        yield { batch: makeBatch(names, cols, sel.length, nullable), sel: null };
      } else {
        for (const i of rest) cols[i] = decoders[i]!.full(s, e);
        if (sel.length === 0) { returnArrays(reusable(cols)); continue; }
        yield { batch: makeBatch(names, cols, n, nullable), sel: sel.length === n ? null : sel };
      }
    }
  })();
}
