// Vectorized evaluation of checked expression trees over a record batch, and the filter and
// project kernels built on it. Every node evaluates to a whole column (Col); literals are
// broadcast columns flagged `scalar` so kernels can take a per-value fast path.

import { makeVector } from 'apache-arrow';
import type { Data, RecordBatch, Vector } from 'apache-arrow';
import type { Expr } from '../logical/expr.ts';
import type { ProjectItem } from '../logical/plan.ts';
import type { Schema } from '../types.ts';
import type { Col, ColType } from './column.ts';
import { colFromData, colToData } from './column.ts';
import { gatherData } from './gather.ts';
import { comparedColumns, selectRows, type SelectionScratch } from './select.ts';
import { makeBatch } from './arrow-types.ts';
import { arithmetic, negate } from './eval-arith.ts';
import { castCol, constCol } from './eval-cast.ts';
import { coerce, compareAt, isValid, pickRows } from './eval-common.ts';
import { compare } from './eval-compare.ts';
import { and, isNull, not, or, selection } from './eval-logic.ts';
import { abs, datePart, floorCeil, pow, round, unaryFloat } from './eval-math.ts';
import { changeCase, concat, length, search, substr, trim } from './eval-string.ts';

interface Ctx {
  readonly batch: RecordBatch;
  readonly n: number;
  readonly cols: Map<string, Col>;
}

function typeOf(e: Expr): ColType {
  if (e.type === undefined) throw new Error(`expression node '${e.kind}' has no type: evaluate only trees returned by checkExpr`);
  return e.type;
}

function column(ctx: Ctx, name: string): Col {
  let c = ctx.cols.get(name);
  if (!c) {
    const i = ctx.batch.schema.fields.findIndex((f) => f.name === name);
    if (i < 0) throw new Error(`column '${name}' is not in the input (columns: ${ctx.batch.schema.fields.map((f) => f.name).join(', ')})`);
    c = colFromData(ctx.batch.data.children[i]!);
    ctx.cols.set(name, c);
  }
  return c;
}

function ev(e: Expr, ctx: Ctx): Col {
  const t = typeOf(e);
  switch (e.kind) {
    case 'column': return column(ctx, e.name);
    case 'literal':
      if (typeof e.value === 'string' && t !== 'string') return castCol(constCol(e.value, 'string', ctx.n), t);
      return constCol(e.value, t, ctx.n);
    case 'binary': {
      const a = ev(e.left, ctx); const b = ev(e.right, ctx);
      switch (e.op) {
        case 'and': return and(coerce(a, 'bool'), coerce(b, 'bool'));
        case 'or': return or(coerce(a, 'bool'), coerce(b, 'bool'));
        case '+': case '-': case '*': case '/': case '%': return arithmetic(e.op, a, b, t);
        default: return compare(e.op, a, b);
      }
    }
    case 'unary': {
      const a = ev(e.operand, ctx);
      return e.op === 'not' ? not(coerce(a, 'bool')) : negate(coerce(a, t));
    }
    case 'isNull': return isNull(ev(e.operand, ctx), e.negated);
    case 'in': {
      // x in (a, b) = (x = a) or (x = b): null when no match and x or some item is null.
      const x = ev(e.operand, ctx);
      let acc: Col | null = null;
      for (const item of e.list) {
        const eq = compare('=', x, ev(item, ctx));
        acc = acc ? or(acc, eq) : eq;
      }
      const r = acc ?? constCol(false, 'bool', ctx.n);
      return e.negated ? not(r) : r;
    }
    case 'between': {
      const x = ev(e.operand, ctx);
      const r = and(compare('>=', x, ev(e.low, ctx)), compare('<=', x, ev(e.high, ctx)));
      return e.negated ? not(r) : r;
    }
    case 'case': {
      const n = ctx.n;
      const choice = new Int32Array(n).fill(-1);
      const decided = new Uint8Array(n);
      const branches: Col[] = [];
      e.whens.forEach((w, k) => {
        const cond = coerce(ev(w.when, ctx), 'bool');
        const cv = cond.values as Uint8Array | undefined;
        for (let i = 0; i < n; i++) {
          if (!decided[i] && cv && cv[i] && isValid(cond, i)) { decided[i] = 1; choice[i] = k; }
        }
        branches.push(coerce(ev(w.then, ctx), t));
      });
      if (e.otherwise) {
        const k = branches.length;
        branches.push(coerce(ev(e.otherwise, ctx), t));
        for (let i = 0; i < n; i++) if (!decided[i]) choice[i] = k;
      }
      return pickRows(t, branches, choice);
    }
    case 'cast': return castCol(ev(e.operand, ctx), e.to);
    case 'call': return call(e.fn, e.args, t, ctx);
  }
}

const positiveOrNaN = (x: number): boolean => x > 0 || Number.isNaN(x);

function call(fn: string, args: readonly Expr[], t: ColType, ctx: Ctx): Col {
  const arg = (i: number): Col => ev(args[i]!, ctx);
  const n = ctx.n;
  switch (fn) {
    case 'abs': return abs(coerce(arg(0), t));
    case 'round': return round(arg(0), args[1] ? arg(1) : undefined, t);
    case 'floor': return floorCeil(arg(0), false, t);
    case 'ceil': return floorCeil(arg(0), true, t);
    case 'sqrt': return unaryFloat(arg(0), Math.sqrt);
    case 'exp': return unaryFloat(arg(0), Math.exp);
    // Null for x <= 0 (Spark); NaN stays NaN (NaN > 0 is false, so it is named).
    case 'ln': return unaryFloat(arg(0), Math.log, positiveOrNaN);
    case 'log10': return unaryFloat(arg(0), Math.log10, positiveOrNaN);
    case 'pow': return pow(arg(0), arg(1));
    case 'coalesce': {
      const cols = args.map((a) => coerce(ev(a, ctx), t));
      const choice = new Int32Array(n).fill(-1);
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < cols.length; k++) if (isValid(cols[k]!, i)) { choice[i] = k; break; }
      }
      return pickRows(t, cols, choice);
    }
    case 'least': case 'greatest': {
      // Nulls are skipped; null only when every argument is null (Spark, DuckDB).
      const cols = args.map((a) => coerce(ev(a, ctx), t));
      const choice = new Int32Array(n).fill(-1);
      const sign = fn === 'least' ? -1 : 1;
      for (let i = 0; i < n; i++) {
        let best = -1;
        for (let k = 0; k < cols.length; k++) {
          if (!isValid(cols[k]!, i)) continue;
          if (best < 0 || Math.sign(compareAt(cols[k]!, i, cols[best]!, i)) === sign) best = k;
        }
        choice[i] = best;
      }
      return pickRows(t, cols, choice);
    }
    case 'if': {
      const cond = coerce(arg(0), 'bool');
      const cols = [coerce(arg(1), t), coerce(arg(2), t)];
      const choice = new Int32Array(n);
      const cv = cond.values as Uint8Array | undefined;
      for (let i = 0; i < n; i++) choice[i] = cv && cv[i] && isValid(cond, i) ? 0 : 1;
      return pickRows(t, cols, choice);
    }
    case 'lower': return changeCase(arg(0), false);
    case 'upper': return changeCase(arg(0), true);
    case 'length': return length(arg(0));
    case 'trim': return trim(arg(0));
    case 'substr': return substr(arg(0), coerce(arg(1), 'int32'), args[2] ? coerce(arg(2), 'int32') : undefined);
    case 'concat': return concat(args.map((a) => coerce(ev(a, ctx), 'string')));
    case 'contains': return search(arg(0), coerce(arg(1), 'string'), false);
    case 'starts_with': return search(arg(0), coerce(arg(1), 'string'), true);
    case 'year': case 'month': case 'day': case 'hour': return datePart(arg(0), fn);
    default: throw new Error(`unknown function '${fn}'`);
  }
}

/** Evaluate a column of the batch's length; the result has the node's type. */
export function evaluateCol(expr: Expr, batch: RecordBatch): Col {
  const ctx: Ctx = { batch, n: batch.numRows, cols: new Map() };
  const t = typeOf(expr);
  const c = ev(expr, ctx);
  return t === 'null' || c.type === t ? c : coerce(c, t);
}

export function evaluate(expr: Expr, batch: RecordBatch): Vector {
  return makeVector(colToData(evaluateCol(expr, batch)));
}

/** Rows of `batch` where `condition` is true (false and null drop the row). */
export function filterBatch(batch: RecordBatch, condition: Expr): RecordBatch {
  const sel = selectRows(batch, condition) ?? selection(coerce(evaluateCol(condition, batch), 'bool'));
  if (sel.length === batch.numRows) return batch;
  return takeBatch(batch, sel, true);
}

/** A batch and the rows of it an operator keeps (null: all of them): a filter fused into the
 *  aggregate above it hands its rows on this way, without gathering them into a new batch. */
export interface SelectedBatch {
  readonly batch: RecordBatch;
  readonly sel: Int32Array | null;
  /** Columns known to hold no null on the selected rows (a comparison on them selected the rows). */
  readonly nonNull?: readonly string[];
}

/** The rows of `batch` where every condition is true, as a selection while the fast path
 *  (select.ts) takes the conditions; a condition it cannot take gathers the rows kept so far
 *  and filters the general way. With `scratch` the selection is a view of its buffer, valid
 *  until the next call with it. */
export function selectWhere(batch: RecordBatch, conditions: readonly Expr[], scratch: SelectionScratch | null = null): SelectedBatch {
  let b = batch;
  let sel: Int32Array | null = null;
  const nonNull: string[] = [];
  for (const cond of conditions) {
    const s = selectRows(b, cond, sel, scratch);
    if (s) { sel = s; nonNull.push(...comparedColumns(cond)); continue; }
    if (sel) { b = sel.length === b.numRows ? b : takeBatch(b, sel, true); sel = null; }
    b = filterBatch(b, cond);
  }
  if (!sel || sel.length === b.numRows) return { batch: b, sel: null };
  return { batch: b, sel, nonNull };
}

/** Rows `idx` of every column (idx[i] < 0 gives a null row; `noNegative` promises there are none). */
export function takeBatch(batch: RecordBatch, idx: Int32Array, noNegative = false): RecordBatch {
  const cols = batch.data.children.map((d) => gatherData(d, idx, noNegative));
  const fields = batch.schema.fields.map((f) => ({ name: f.name, type: 'int32' as const, nullable: true }));
  return makeBatch(fields, cols, idx.length);
}

/** Output columns exactly `items`: a bare column reference passes its Arrow data through (no copy). */
export function projectBatch(batch: RecordBatch, items: readonly ProjectItem[], schema: Schema): RecordBatch {
  const cols: Data[] = items.map((item, i) => {
    const want = schema.fields[i]?.type;
    if (item.expr.kind === 'column' && (want === undefined || item.expr.type === want || item.expr.type === undefined)) {
      const k = batch.schema.fields.findIndex((f) => f.name === (item.expr as { name: string }).name);
      if (k >= 0) return batch.data.children[k]!;
    }
    let c = evaluateCol(item.expr, batch);
    if (want && c.type !== want) c = coerce(c, want);
    return colToData(c);
  });
  const fields = items.map((it, i) => schema.fields[i] ?? { name: it.name, type: 'int32' as const, nullable: true });
  return makeBatch(fields.map((f, i) => ({ ...f, name: items[i]!.name })), cols, batch.numRows);
}
