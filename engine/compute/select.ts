// Fast path of filter conditions: `column op number` (either order) on int32 / float64 / date
// columns, and `and` of such, evaluated straight into a selection vector over the Arrow data:
// one branch-free loop per operator, validity bits read in place, no intermediate boolean
// column. Semantics as eval-compare: NaN equals NaN and is above every number; a null row is
// never selected. Anything else returns null and the filter evaluates the general way.

import { Type } from 'apache-arrow';
import type { Data, RecordBatch } from 'apache-arrow';
import type { Expr } from '../logical/expr.ts';

type Op = '=' | '!=' | '<' | '<=' | '>' | '>=';
const FLIP: Record<Op, Op> = { '=': '=', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const OPS = new Set<string>(['=', '!=', '<', '<=', '>', '>=']);

interface Simple { readonly data: Data; readonly op: Op; readonly value: number }

function numericData(batch: RecordBatch, e: Expr): Data | null {
  if (e.kind !== 'column') return null;
  const i = batch.schema.fields.findIndex((f) => f.name === e.name);
  if (i < 0) return null;
  const d = batch.data.children[i]!;
  const t = d.type;
  if (t.typeId === Type.Float && d.values instanceof Float64Array) return d;
  if ((t.typeId === Type.Int || t.typeId === Type.Date) && d.values instanceof Int32Array) return d;
  return null;
}

function literalNumber(e: Expr): number | null {
  if (e.kind !== 'literal' || typeof e.value !== 'number' || Number.isNaN(e.value)) return null;
  if (e.type !== 'int32' && e.type !== 'float64' && e.type !== 'int64') return null;
  return e.value;
}

function simple(batch: RecordBatch, e: Expr): Simple | null {
  if (e.kind !== 'binary' || !OPS.has(e.op)) return null;
  // Dates compare with date literals only through casts; keep their typing to the general path.
  const dl = numericData(batch, e.left); const vr = literalNumber(e.right);
  if (dl && vr !== null && !(dl.type.typeId === Type.Date && e.right.type !== 'int32')) return { data: dl, op: e.op as Op, value: vr };
  const dr = numericData(batch, e.right); const vl = literalNumber(e.left);
  if (dr && vl !== null && !(dr.type.typeId === Type.Date && e.left.type !== 'int32')) return { data: dr, op: FLIP[e.op as Op], value: vl };
  return null;
}

/** A reusable selection buffer: a filter that hands its selection on and gets it back (its
 *  consumer is done with it before asking for the next batch) selects into the same memory. */
export class SelectionScratch {
  private buf = new Int32Array(0);
  take(n: number): Int32Array {
    if (this.buf.length < n) this.buf = new Int32Array(Math.max(n, 1024));
    return this.buf;
  }
}

/** Rows (all, or among `cand`) where `values[i] op c` holds and the row is valid. With `scratch`
 *  the rows go into its buffer (cand may be that buffer too: row k is read before row j <= k is
 *  written). */
function selectCompare(s: Simple, n: number, cand: Int32Array | null, scratch: SelectionScratch | null): Int32Array {
  const v = s.data.values as Float64Array | Int32Array; const c = s.value;
  const m = cand ? cand.length : n;
  const out = scratch ? scratch.take(m) : new Int32Array(m);
  let j = 0;
  // Float NaN: `!(x <= c)` is true for NaN (NaN above every number), `x < c` false, etc.
  if (cand) {
    switch (s.op) {
      case '>': for (let k = 0; k < m; k++) { const i = cand[k]!; out[j] = i; j += +!(v[i]! <= c); } break;
      case '>=': for (let k = 0; k < m; k++) { const i = cand[k]!; out[j] = i; j += +!(v[i]! < c); } break;
      case '<': for (let k = 0; k < m; k++) { const i = cand[k]!; out[j] = i; j += +(v[i]! < c); } break;
      case '<=': for (let k = 0; k < m; k++) { const i = cand[k]!; out[j] = i; j += +(v[i]! <= c); } break;
      case '=': for (let k = 0; k < m; k++) { const i = cand[k]!; out[j] = i; j += +(v[i]! === c); } break;
      case '!=': for (let k = 0; k < m; k++) { const i = cand[k]!; out[j] = i; j += +(v[i]! !== c); } break;
    }
  } else {
    switch (s.op) {
      case '>': for (let i = 0; i < n; i++) { out[j] = i; j += +!(v[i]! <= c); } break;
      case '>=': for (let i = 0; i < n; i++) { out[j] = i; j += +!(v[i]! < c); } break;
      case '<': for (let i = 0; i < n; i++) { out[j] = i; j += +(v[i]! < c); } break;
      case '<=': for (let i = 0; i < n; i++) { out[j] = i; j += +(v[i]! <= c); } break;
      case '=': for (let i = 0; i < n; i++) { out[j] = i; j += +(v[i]! === c); } break;
      case '!=': for (let i = 0; i < n; i++) { out[j] = i; j += +(v[i]! !== c); } break;
    }
  }
  const d = s.data;
  if (d.nullCount > 0 && d.nullBitmap && d.nullBitmap.length > 0) {
    const bits = d.nullBitmap; const off = d.offset;
    let w = 0;
    for (let k = 0; k < j; k++) { const i = out[k]!; const b = i + off; out[w] = i; w += (bits[b >> 3]! >> (b & 7)) & 1; }
    j = w;
  }
  return j === out.length ? out : out.subarray(0, j);
}

/** The selection of a condition built only of simple comparisons and `and`, else null. */
export function selectRows(batch: RecordBatch, cond: Expr, cand: Int32Array | null = null, scratch: SelectionScratch | null = null): Int32Array | null {
  if (cond.kind === 'binary' && cond.op === 'and') {
    if (!isFast(batch, cond)) return null;
    const a = selectRows(batch, cond.left, cand, scratch)!;
    return selectRows(batch, cond.right, a, scratch);
  }
  const s = simple(batch, cond);
  return s ? selectCompare(s, batch.numRows, cand, scratch) : null;
}

function isFast(batch: RecordBatch, cond: Expr): boolean {
  if (cond.kind === 'binary' && cond.op === 'and') return isFast(batch, cond.left) && isFast(batch, cond.right);
  return simple(batch, cond) !== null;
}

/** The columns a condition that selectRows took compares: none of them is null on a selected
 *  row (a null never compares true). */
export function comparedColumns(cond: Expr): string[] {
  if (cond.kind === 'binary' && cond.op === 'and') return [...comparedColumns(cond.left), ...comparedColumns(cond.right)];
  if (cond.kind !== 'binary') return [];
  return [cond.left, cond.right].flatMap((e) => (e.kind === 'column' ? [e.name] : []));
}
