// The streaming k-way merge of sorted runs that do not fit in memory together (external sort):
// each run is a stream of sorted batches, and only one batch per run is held at a time. Rows of
// different batches are compared with the same order as sort.ts (strings by UTF-8 bytes, NaN
// above every number, nulls first or last per key, not reversed by descending); ties go to the
// earlier run, so merging runs cut from the input in order keeps the sort stable.

import type { RecordBatch } from 'apache-arrow';
import type { SortKey } from '../logical/plan.ts';
import { columnData, makeBatch, schemaOfBatch } from './arrow-types.ts';
import type { Col } from './column.ts';
import { colFromData, colToData, concatCols, plainStrings, takeCol } from './column.ts';
import { floatCmp } from './eval-common.ts';
import { compareBytes } from './strings.ts';

/** One key column of one batch, as the comparator reads it. */
interface KeyView { readonly valid: Uint8Array | null; readonly kind: 'null' | 'string' | 'float' | 'other'; readonly values: ArrayLike<number | bigint> | null; readonly offsets: Int32Array | null; readonly bytes: Uint8Array | null }

function keyView(c: Col): KeyView {
  if (c.type === 'null') return { valid: null, kind: 'null', values: null, offsets: null, bytes: null };
  if (c.type === 'string') { const p = plainStrings(c); return { valid: p.valid, kind: 'string', values: null, offsets: p.offsets!, bytes: p.bytes! }; }
  return { valid: c.valid, kind: c.values instanceof Float64Array ? 'float' : 'other', values: c.values!, offsets: null, bytes: null };
}

/** A run's current batch, its key views and the next row to emit. */
interface Cursor { batch: RecordBatch; keys: KeyView[]; row: number; readonly run: number; /** Its batch's source index in output batch `gen`. */ src: number; gen: number }

function compareRows(keys: readonly SortKey[], a: Cursor, b: Cursor): number {
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!; const x = a.keys[k]!; const y = b.keys[k]!;
    const i = a.row; const j = b.row;
    const va = x.valid ? x.valid[i]! : 1; const vb = y.valid ? y.valid[j]! : 1;
    let r: number;
    if (x.kind === 'null' || y.kind === 'null') r = 0;
    else if (!va || !vb) { if (va === vb) continue; return !va ? (key.nullsFirst ? -1 : 1) : (key.nullsFirst ? 1 : -1); }
    else if (x.kind === 'string') r = compareBytes(x.bytes!, x.offsets![i]!, x.offsets![i + 1]!, y.bytes!, y.offsets![j]!, y.offsets![j + 1]!);
    else if (x.kind === 'float') r = floatCmp(x.values![i] as number, y.values![j] as number);
    else { const p = x.values![i]!; const q = y.values![j]!; r = p < q ? -1 : p > q ? 1 : 0; }
    if (r !== 0) return key.descending ? -r : r;
  }
  return a.run - b.run;
}

/** Rows of several batches picked in some order: each source batch gathered once at its picked
 *  rows, the pieces concatenated, then put in pick order. */
function gatherPicks(sources: readonly RecordBatch[], picks: readonly number[][], pieceOf: Int32Array): RecordBatch {
  const schema = schemaOfBatch(sources[0]!);
  const starts: number[] = []; let at = 0;
  for (const p of picks) { starts.push(at); at += p.length; }
  const seen = new Int32Array(picks.length);
  const idx = new Int32Array(pieceOf.length);
  for (let k = 0; k < pieceOf.length; k++) { const s = pieceOf[k]!; idx[k] = starts[s]! + seen[s]!++; }
  const cols = schema.fields.map((f) => {
    const parts = sources.map((b, s) => takeCol(colFromData(columnData(b, f.name)), Int32Array.from(picks[s]!)));
    return takeCol(parts.length === 1 ? parts[0]! : concatCols(parts, f.type), idx);
  });
  return makeBatch(schema.fields, cols.map((c) => colToData(c)), pieceOf.length);
}

/**
 * Merges `runs` (each a stream of batches sorted by `keys`) into batches of about `batchRows`
 * rows, holding one batch per run; `limit` stops after that many rows.
 */
export async function* mergeRuns(runs: readonly AsyncIterable<RecordBatch>[], keys: readonly SortKey[], batchRows: number, limit?: number): AsyncGenerator<RecordBatch> {
  const its = runs.map((r) => r[Symbol.asyncIterator]());
  try {
    const names = (b: RecordBatch): KeyView[] => keys.map((k) => keyView(colFromData(columnData(b, k.column))));
    const next = async (run: number): Promise<Cursor | null> => {
      for (;;) {
        const r = await its[run]!.next();
        if (r.done) return null;
        if (r.value.numRows > 0) return { batch: r.value, keys: names(r.value), row: 0, run, src: -1, gen: -1 };
      }
    };
    const heap: Cursor[] = [];
    const less = (a: Cursor, b: Cursor): boolean => compareRows(keys, a, b) < 0;
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
    for (let r = 0; r < its.length; r++) { const c = await next(r); if (c) { heap.push(c); up(heap.length - 1); } }
    let left = limit ?? Number.POSITIVE_INFINITY;
    // The current output batch: its source batches, the rows picked of each, and per output row
    // which source it came from.
    let sources: RecordBatch[] = []; let picks: number[][] = []; let gen = 0;
    const pieceOf = new Int32Array(batchRows); let n = 0;
    const flush = (): RecordBatch => {
      const out = gatherPicks(sources, picks, pieceOf.subarray(0, n));
      sources = []; picks = []; gen++; n = 0;
      return out;
    };
    while (heap.length > 0 && left > 0) {
      const c = heap[0]!;
      if (c.gen !== gen) { c.gen = gen; c.src = sources.length; sources.push(c.batch); picks.push([]); }
      picks[c.src]!.push(c.row); pieceOf[n++] = c.src; left--;
      c.row++;
      if (c.row >= c.batch.numRows) {
        const nx = await next(c.run);
        if (nx) heap[0] = nx; else { const last = heap.pop()!; if (heap.length) heap[0] = last; }
      }
      if (heap.length) down(0);
      if (n === batchRows) yield flush();
    }
    if (n > 0) yield flush();
  } finally {
    await Promise.all(its.map((it) => it.return?.()));
  }
}

function cursorAt(batch: RecordBatch, keys: readonly SortKey[], row: number): Cursor {
  return { batch, keys: keys.map((k) => keyView(colFromData(columnData(batch, k.column)))), row, run: 0, src: -1, gen: -1 };
}

/** Whether the rows of `batch` are already in `keys` order (stops at the first row out of order,
 *  so an unsorted batch costs a few comparisons). */
export function batchIsSorted(batch: RecordBatch, keys: readonly SortKey[]): boolean {
  if (batch.numRows < 2) return true;
  const a = cursorAt(batch, keys, 0);
  const b: Cursor = { ...a };
  for (let i = 1; i < batch.numRows; i++) {
    a.row = i - 1; b.row = i;
    if (compareRows(keys, a, b) > 0) return false;
  }
  return true;
}

/** Whether `next`'s first row may follow `prev`'s last row in `keys` order (ties may). */
export function followsInOrder(prev: RecordBatch, next: RecordBatch, keys: readonly SortKey[]): boolean {
  if (prev.numRows === 0 || next.numRows === 0) return true;
  return compareRows(keys, cursorAt(prev, keys, prev.numRows - 1), cursorAt(next, keys, 0)) <= 0;
}
