// Shared pieces of expression evaluation: common types for comparisons, coercion, picking rows
// from one of several columns (case, if, coalesce, least, greatest), per-row comparison.

import type { Col, ColType } from './column.ts';
import { plainStrings } from './column.ts';
import { castCol } from './eval-cast.ts';
import { compareBytes, rangeOf, StringBuilder } from './strings.ts';

const NUMERIC_RANK: Partial<Record<ColType, number>> = { int32: 1, int64: 2, float64: 3 };

/** The type two operands are compared in (Spark's implicit widening). */
export function commonType(a: ColType, b: ColType): ColType {
  if (a === b) return a;
  if (a === 'null') return b;
  if (b === 'null') return a;
  const ra = NUMERIC_RANK[a]; const rb = NUMERIC_RANK[b];
  if (ra && rb) return ra > rb ? a : b;
  if ((a === 'date' && b === 'timestamp') || (a === 'timestamp' && b === 'date')) return 'timestamp';
  if (a === 'string') return b;
  if (b === 'string') return a;
  if ((a === 'date' || a === 'timestamp') && rb) return a;
  if ((b === 'date' || b === 'timestamp') && ra) return b;
  throw new Error(`cannot compare ${a} with ${b}: cast one side with cast(x as ${a})`);
}

export function coerce(c: Col, t: ColType): Col {
  return c.type === t ? c : castCol(c, t);
}

/** NaN equals NaN and sorts above every number (Spark, DuckDB). */
export function floatCmp(x: number, y: number): number {
  if (x < y) return -1;
  if (x > y) return 1;
  if (x === y) return 0;
  const xn = x !== x; const yn = y !== y;
  return xn && yn ? 0 : xn ? 1 : -1;
}

/** Three-way comparison of a[i] and b[j] (same type, both valid). */
export function compareAt(a: Col, i: number, b: Col, j: number): number {
  if (a.type === 'string') {
    const [ab, as, ae] = rangeOf(a, i); const [bb, bs, be] = rangeOf(b, j);
    return compareBytes(ab, as, ae, bb, bs, be);
  }
  const x = a.values![i]!; const y = b.values![j]!;
  if (typeof x === 'number') return floatCmp(x, y as number);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isValid(c: Col, i: number): boolean {
  return c.type !== 'null' && (c.valid === null || c.valid[i] === 1);
}

/** Row i comes from cols[choice[i]] at row i; choice -1 gives null. Columns have type t. */
export function pickRows(t: ColType, cols: readonly Col[], choice: Int32Array): Col {
  const n = choice.length;
  const valid = new Uint8Array(n);
  for (let i = 0; i < n; i++) { const k = choice[i]!; valid[i] = k >= 0 && isValid(cols[k]!, i) ? 1 : 0; }
  if (t === 'null') return { type: 'null', length: n, valid };
  if (t === 'string') {
    const plain = cols.map((c) => (c.type === 'null' ? c : plainStrings(c)));
    const b = new StringBuilder(n, n * 8);
    for (let i = 0; i < n; i++) {
      if (!valid[i]) { b.appendEmpty(); continue; }
      const c = plain[choice[i]!]!;
      b.appendRange(c.bytes!, c.offsets![i]!, c.offsets![i + 1]!);
    }
    return b.finish(valid);
  }
  if (t === 'vector') throw new Error('vectors cannot be chosen between in case/if/coalesce');
  const sample = cols.find((c) => c.type !== 'null');
  const Ctor = (sample?.values?.constructor ?? Int32Array) as { new (n: number): Int32Array };
  const out = new Ctor(n);
  for (let i = 0; i < n; i++) if (valid[i]) (out as unknown as unknown[])[i] = cols[choice[i]!]!.values![i]!;
  return { type: t, length: n, valid, values: out as never };
}
