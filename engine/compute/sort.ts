// Multi-key sort over an index array with typed comparators (strings by UTF-8 bytes, NaN above
// every number), stable (ties keep input order); a k-way merge of sorted runs with a small heap;
// top-k for sort + limit.

import type { RecordBatch } from 'apache-arrow';
import type { SortKey } from '../logical/plan.ts';
import { columnData, makeBatch, schemaOfBatch } from './arrow-types.ts';
import type { Col } from './column.ts';
import { colFromData, colToData, concatCols, plainStrings, takeCol } from './column.ts';
import { floatCmp } from './eval-common.ts';
import { compareBytes } from './strings.ts';
import { takeBatch } from './eval-expr.ts';
import { boundAt, rowsNotWorse, tighter } from './topk-bound.ts';

type Cmp = (i: number, j: number) => number;

function keyComparator(c: Col, key: SortKey): Cmp {
  const dir = key.descending ? -1 : 1;
  const nullOrder = key.nullsFirst ? -1 : 1;
  const v = c.valid;
  let cmp: Cmp;
  if (c.type === 'null') return () => 0;
  if (c.type === 'string') {
    const p = plainStrings(c); const o = p.offsets!; const b = p.bytes!;
    cmp = (i, j) => compareBytes(b, o[i]!, o[i + 1]!, b, o[j]!, o[j + 1]!);
  } else {
    const x = c.values!;
    if (x instanceof Float64Array) cmp = (i, j) => floatCmp(x[i]!, x[j]!);
    else cmp = (i, j) => { const a = x[i]!; const bb = x[j]!; return a < bb ? -1 : a > bb ? 1 : 0; };
  }
  if (!v) return dir === 1 ? cmp : (i, j) => -cmp(i, j);
  return (i, j) => {
    const a = v[i]!; const b = v[j]!;
    if (!a || !b) return a === b ? 0 : !a ? nullOrder : -nullOrder;
    return dir * cmp(i, j);
  };
}

function comparator(cols: readonly Col[], keys: readonly SortKey[]): Cmp {
  const cmps = keys.map((k, i) => keyComparator(cols[i]!, k));
  if (cmps.length === 1) { const c = cmps[0]!; return (i, j) => c(i, j) || i - j; }
  return (i, j) => {
    for (const c of cmps) { const r = c(i, j); if (r !== 0) return r; }
    return i - j;
  };
}

/** All batches' columns end to end. */
function concatBatches(batches: readonly RecordBatch[]): { cols: Col[]; n: number; batch0: RecordBatch } {
  const batch0 = batches[0]!;
  const schema = schemaOfBatch(batch0);
  const cols = schema.fields.map((f) => {
    const parts = batches.map((b) => colFromData(columnData(b, f.name)));
    return parts.length === 1 ? parts[0]! : concatCols(parts, f.type);
  });
  return { cols, n: batches.reduce((s, b) => s + b.numRows, 0), batch0 };
}

function output(batch0: RecordBatch, cols: readonly Col[], idx: Int32Array): RecordBatch {
  return makeBatch(schemaOfBatch(batch0).fields, cols.map((c) => colToData(takeCol(c, idx))), idx.length);
}

function keyCols(batch0: RecordBatch, cols: readonly Col[], keys: readonly SortKey[]): Col[] {
  const names = batch0.schema.fields.map((f) => f.name);
  return keys.map((k) => {
    const i = names.indexOf(k.column);
    if (i < 0) throw new Error(`sort key '${k.column}' is not a column (columns: ${names.join(', ')})`);
    return cols[i]!;
  });
}

export function sortBatches(batches: readonly RecordBatch[], keys: readonly SortKey[], limit?: number): RecordBatch {
  if (batches.length === 0) throw new Error('sortBatches needs at least one batch (for the schema)');
  if (limit !== undefined && batches.length > 1) {
    let total = 0;
    for (const b of batches) total += b.numRows;
    if (total > 4 * limit) return topKByBatch(batches, keys, limit);
  }
  return sortConcat(batches, keys, limit);
}

/** Sort (or top-k) over all batches' rows end to end. */
function sortConcat(batches: readonly RecordBatch[], keys: readonly SortKey[], limit?: number): RecordBatch {
  const { cols, n, batch0 } = concatBatches(batches);
  const cmp = comparator(keyCols(batch0, cols, keys), keys);
  if (limit !== undefined && limit < n) return output(batch0, cols, topKIndices(n, cmp, limit));
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort(cmp);
  return output(batch0, cols, idx);
}

/** sort + limit without concatenating the input: each batch's own top k (in key order, ties in
 *  input order) joins a small candidate set, cut back to k whenever it grows past 8k. A row of
 *  the overall top k is in its batch's top k, and candidates keep input order, so the result
 *  (and its tie order) is that of sorting everything. */
function topKByBatch(batches: readonly RecordBatch[], keys: readonly SortKey[], k: number): RecordBatch {
  const acc = makeTopK(keys, k);
  for (const b of batches) acc.consume(b);
  return acc.finish() ?? sortConcat([batches[0]!], keys, k);
}

/** Streaming sort + limit: consume batches one at a time, holding at most about 9k candidate
 *  rows (never the whole input); finish() gives the first k rows in key order, ties in input
 *  order, or undefined when no batch was consumed. */
export function makeTopK(keys: readonly SortKey[], k: number): { consume(batch: RecordBatch): void; finish(): RecordBatch | undefined } {
  let cands: RecordBatch[] = [];
  let rows = 0;
  let first: RecordBatch | undefined;
  // The first key of the k-th row of some k sorted rows seen: rows strictly worse never qualify.
  let bound: number | bigint | undefined;
  const key0 = keys[0];
  const noteBound = (sorted: RecordBatch): void => {
    if (key0 && k > 0 && sorted.numRows === k) bound = tighter(bound, boundAt(sorted, key0, k - 1), key0);
  };
  return {
    consume(batch) {
      // An empty copy for finish()'s schema: the batch itself is a view that would keep its
      // whole decoded row group alive until the partition ends.
      first ??= takeBatch(batch, new Int32Array(0));
      let b = batch;
      if (bound !== undefined && key0 && b.numRows > 0) {
        const keep = rowsNotWorse(b, key0, bound);
        if (keep) b = keep.length ? takeBatch(b, keep, true) : b.slice(0, 0);
      }
      if (b.numRows === 0) return;
      const best = b.numRows > k ? sortConcat([b], keys, k) : b;
      if (best !== b) noteBound(best);
      cands.push(best); rows += best.numRows;
      if (rows > 8 * k && cands.length > 1) { cands = [sortConcat(cands, keys, k)]; rows = cands[0]!.numRows; noteBound(cands[0]!); }
    },
    finish() {
      if (!first) return undefined;
      return sortConcat(cands.length ? cands : [first], keys, k);
    },
  };
}

/** The k smallest rows by cmp, sorted: a bounded max-heap holding the best k so far. */
function topKIndices(n: number, cmp: Cmp, k: number): Int32Array {
  const heap = new Int32Array(k); let size = 0;
  const down = (p0: number): void => {
    let p = p0;
    for (;;) {
      const l = 2 * p + 1; const r = l + 1; let m = p;
      if (l < size && cmp(heap[l]!, heap[m]!) > 0) m = l;
      if (r < size && cmp(heap[r]!, heap[m]!) > 0) m = r;
      if (m === p) return;
      const t = heap[p]!; heap[p] = heap[m]!; heap[m] = t; p = m;
    }
  };
  for (let i = 0; i < n; i++) {
    if (size < k) {
      let c = size++; heap[c] = i;
      while (c > 0) { const p = (c - 1) >> 1; if (cmp(heap[c]!, heap[p]!) <= 0) break; const t = heap[p]!; heap[p] = heap[c]!; heap[c] = t; c = p; }
    } else if (k > 0 && cmp(i, heap[0]!) < 0) { heap[0] = i; down(0); }
  }
  return heap.subarray(0, size).sort(cmp);
}

/** k-way merge of runs each sorted by `keys`; ties keep run order (stable across runs). */
export function mergeSorted(runs: readonly RecordBatch[], keys: readonly SortKey[], limit?: number): RecordBatch {
  if (runs.length === 0) throw new Error('mergeSorted needs at least one run (for the schema)');
  const { cols, n, batch0 } = concatBatches(runs);
  const cmp = comparator(keyCols(batch0, cols, keys), keys);
  const ends: number[] = []; const pos: number[] = [];
  let at = 0;
  for (const r of runs) { pos.push(at); at += r.numRows; ends.push(at); }
  const total = limit === undefined ? n : Math.min(limit, n);
  const out = new Int32Array(total);
  // Heap of run numbers ordered by their current row (row indices grow with the run number, so
  // cmp's index tie-break keeps earlier runs first).
  const heap: number[] = [];
  const less = (a: number, b: number): boolean => cmp(pos[a]!, pos[b]!) < 0;
  const up = (c0: number): void => { let c = c0; while (c > 0) { const p = (c - 1) >> 1; if (!less(heap[c]!, heap[p]!)) break; [heap[c], heap[p]] = [heap[p]!, heap[c]!]; c = p; } };
  const down = (p0: number): void => {
    let p = p0;
    for (;;) {
      const l = 2 * p + 1; const r = l + 1; let m = p;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === p) return;
      [heap[m], heap[p]] = [heap[p]!, heap[m]!]; p = m;
    }
  };
  runs.forEach((_, r) => { if (pos[r]! < ends[r]!) { heap.push(r); up(heap.length - 1); } });
  for (let k = 0; k < total; k++) {
    const r = heap[0]!;
    out[k] = pos[r]!++;
    if (pos[r]! >= ends[r]!) { const last = heap.pop()!; if (heap.length) { heap[0] = last; down(0); } }
    else down(0);
  }
  return output(batch0, cols, out);
}
