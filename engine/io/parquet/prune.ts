// Row-group pruning: decides from a row group's min/max/null-count statistics whether a pushed
// filter conjunct can possibly be true for any row. Conservative: anything not understood keeps
// the group, and so does a float column that may hold NaN for a comparison NaN passes. Handles `col op literal` (either side), `between`, `in (...)`, `is [not] null`,
// and `and` / `or` of those.

import type { Expr } from '../../logical/expr.ts';
import type { ColumnStats, RowGroupInfo, StatValue } from './footer.ts';

type Lit = number | bigint | boolean | Uint8Array;

const enc = new TextEncoder();

/** The value of a literal (or a cast of one to date/timestamp) in the statistics' domain. */
function literalValue(e: Expr): Lit | null | undefined {
  if (e.kind === 'literal') {
    if (e.value === null) return null;
    if (typeof e.value === 'string') return enc.encode(e.value);
    return e.value;
  }
  if (e.kind === 'cast' && e.operand.kind === 'literal') {
    const v = e.operand.value;
    if (typeof v === 'string' && e.to === 'date') {
      const ms = Date.parse(`${v.slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(ms) ? undefined : Math.floor(ms / 86_400_000);
    }
    if (typeof v === 'string' && e.to === 'timestamp') {
      const iso = v.includes('T') ? v : v.replace(' ', 'T');
      const ms = Date.parse(/Z|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
      return Number.isNaN(ms) ? undefined : BigInt(ms) * 1000n;
    }
    if ((typeof v === 'number' || typeof v === 'bigint') && (e.to === 'float64' || e.to === 'int64' || e.to === 'int32')) return v;
  }
  return undefined;
}

/** The column a side refers to, seeing through numeric widening casts the checker inserts. */
function columnName(e: Expr): string | undefined {
  if (e.kind === 'column') return e.name;
  if (e.kind === 'cast' && e.operand.kind === 'column' && (e.to === 'float64' || e.to === 'int64')) {
    const t = e.operand.type;
    if (t === 'int32' || t === 'int64' || t === 'float64') return e.operand.name;
  }
  return undefined;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Sign of a - b, or undefined when the two are not comparable. */
function compare(a: StatValue, b: Lit): number | undefined {
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array ? Math.sign(compareBytes(a, b)) : undefined;
  }
  const x = typeof a === 'boolean' ? Number(a) : a;
  const y = typeof b === 'boolean' ? Number(b) : b;
  if (typeof x === typeof y) return x < y ? -1 : x > y ? 1 : 0;
  // bigint vs number: exact when the number is an integer; otherwise the number is small.
  if (typeof x === 'bigint') {
    const n = y as number;
    if (Number.isInteger(n)) { const bn = BigInt(n); return x < bn ? -1 : x > bn ? 1 : 0; }
    return Number(x) < n ? -1 : 1;
  }
  const bn = y as bigint;
  if (Number.isInteger(x)) { const bx = BigInt(x as number); return bx < bn ? -1 : bx > bn ? 1 : 0; }
  return (x as number) < Number(bn) ? -1 : 1;
}

type Op = '=' | '!=' | '<' | '<=' | '>' | '>=';
const FLIP: Record<Op, Op> = { '=': '=', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** Whether a NaN row satisfies `NaN op v` for a v that is not NaN: NaN is above every number
 *  (as the evaluator and Spark order it), so it passes `>`, `>=` and `!=`. */
const NAN_PASSES: Record<Op, boolean> = { '=': false, '!=': true, '<': false, '<=': false, '>': true, '>=': true };

const isNaNLit = (v: Lit) => typeof v === 'number' && Number.isNaN(v);

/** Whether a NaN row of the group may satisfy every `col op v` of `tests`. */
function nanMayMatch(s: ColumnStats, tests: readonly (readonly [Op, Lit])[]): boolean {
  return s.mayHoldNaN === true && tests.every(([op]) => NAN_PASSES[op]);
}

/** False only when no row of the group can satisfy every `col op v` of `tests` (NaN rows too:
 *  min/max bound only the values that are not NaN). */
function mayMatchAll(s: ColumnStats, tests: readonly (readonly [Op, Lit])[]): boolean {
  // Against a NaN literal every number is `<` and NaN is `=`: the statistics cannot tell.
  if (tests.some(([, v]) => isNaNLit(v))) return true;
  return nanMayMatch(s, tests) || tests.every(([op, v]) => mayMatchCompare(s, op, v));
}

/** False only when no value of the group that is not NaN can satisfy `col op v`. */
function mayMatchCompare(s: ColumnStats, op: Op, v: Lit): boolean {
  if (isNaNLit(v)) return true;
  const { min, max } = s;
  if (min === undefined || max === undefined) return true;
  const cMin = compare(min, v);
  const cMax = compare(max, v);
  if (cMin === undefined || cMax === undefined) return true;
  switch (op) {
    case '=': return cMin <= 0 && cMax >= 0;
    case '!=': return !(cMin === 0 && cMax === 0);
    case '<': return cMin < 0;
    case '<=': return cMin <= 0;
    case '>': return cMax > 0;
    case '>=': return cMax >= 0;
  }
}

function allNull(s: ColumnStats, rows: number): boolean {
  return s.nullCount !== undefined && s.nullCount >= rows;
}

/** False when the row group provably has no row for which `e` is true. */
export function mayMatch(e: Expr, rg: RowGroupInfo): boolean {
  const statsOf = (name: string | undefined): ColumnStats | undefined => (name === undefined ? undefined : rg.stats.get(name));
  switch (e.kind) {
    case 'binary': {
      if (e.op === 'and') return mayMatch(e.left, rg) && mayMatch(e.right, rg);
      if (e.op === 'or') return mayMatch(e.left, rg) || mayMatch(e.right, rg);
      if (!(e.op in FLIP)) return true;
      let op = e.op as Op;
      let col = columnName(e.left);
      let lit = literalValue(e.right);
      if (col === undefined) {
        col = columnName(e.right);
        lit = literalValue(e.left);
        op = FLIP[op];
      }
      const s = statsOf(col);
      if (!s || lit === undefined) return true;
      if (lit === null) return false; // a comparison with null is never true
      if (allNull(s, rg.numRows)) return false;
      return mayMatchAll(s, [[op, lit]]);
    }
    case 'between': {
      const s = statsOf(columnName(e.operand));
      const lo = literalValue(e.low);
      const hi = literalValue(e.high);
      if (!s || e.negated || lo === undefined || hi === undefined) return true;
      if (lo === null || hi === null || allNull(s, rg.numRows)) return false;
      return mayMatchAll(s, [['>=', lo], ['<=', hi]]);
    }
    case 'in': {
      const s = statsOf(columnName(e.operand));
      if (!s || e.negated) return true;
      const values = e.list.map(literalValue);
      if (values.some((v) => v === undefined)) return true;
      if (allNull(s, rg.numRows)) return false;
      return values.some((v) => v !== null && mayMatchAll(s, [['=', v as Lit]]));
    }
    case 'isNull': {
      const s = statsOf(columnName(e.operand));
      if (!s || s.nullCount === undefined) return true;
      return e.negated ? s.nullCount < rg.numRows : s.nullCount > 0;
    }
    default:
      return true;
  }
}

/** Row groups of which every filter conjunct may match. */
export function keepRowGroup(filters: readonly Expr[], rg: RowGroupInfo): boolean {
  return filters.every((f) => mayMatch(f, rg));
}
