// simplify-expressions: constant folding and algebraic identities in filter conditions,
// projections and scan filters, with SQL's three-valued logic (null = unknown):
//   `1 + 1` -> 2, `'a' = 'a'` -> true, `x + 0` -> x, `x * 1` -> x, `null + x` -> null,
//   `true and p` -> p, `false and p` -> false (false wins even over null), `p or true` -> true,
//   `p or false` -> p, `not not p` -> p, `null is null` -> true.
// Never `p and null` -> false: it is null when p is true, false when p is false. Every rewritten
// node keeps the `type` the checker gave the node it replaces; a rewrite that would change it
// (`int32 + 0.0` is float64, `x` is int32) is not made. Folds that would produce what no literal
// can hold (overflow, division by zero, non-finite floats) are left for the evaluator.

import type { Expr, ExprType } from '../../logical/expr.ts';
import type { LogicalPlan } from '../../logical/plan.ts';
import type { OptimizerRule } from '../rule.ts';
import { rewriteBottomUp } from '../plan-walk.ts';
import { literalOf } from '../expr-utils.ts';

type Value = null | boolean | number | bigint | string;

const isLit = (e: Expr, v?: Value): boolean => e.kind === 'literal' && (v === undefined || e.value === v);
const isNullLit = (e: Expr): boolean => e.kind === 'literal' && e.value === null;
const litValue = (e: Expr): Value => (e.kind === 'literal' ? e.value : null);

/** `s` standing in for `e`, or undefined when that would change the type. */
function replaceWith(e: Expr, s: Expr): Expr | undefined {
  if (e.type === undefined || s.type === e.type) return s;
  if (s.kind === 'literal') return literalOf(s.value, e.type);
  return undefined;
}

const INT32_MIN = -(2 ** 31), INT32_MAX = 2 ** 31 - 1;

function fitsType(v: number, t: ExprType | undefined): boolean {
  if (t === 'int32') return Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX;
  if (t === 'int64') return Number.isSafeInteger(v);
  if (t === 'float64') return Number.isFinite(v);
  return false;
}

function foldArithmetic(e: Expr & { kind: 'binary' }): Expr | undefined {
  const { op, left, right } = e;
  if (isNullLit(left) || isNullLit(right)) return literalOf(null, e.type);
  const l = litValue(left), r = litValue(right);
  if (typeof l === 'number' && typeof r === 'number') {
    let v: number | undefined;
    if (op === '+') v = l + r;
    else if (op === '-') v = l - r;
    else if (op === '*') v = l * r;
    else if (op === '/' && e.type === 'float64' && r !== 0) v = l / r;
    else if (op === '%' && r !== 0 && (e.type === 'float64' || (Number.isInteger(l) && Number.isInteger(r)))) v = l % r;
    if (v !== undefined && fitsType(v, e.type)) return literalOf(v, e.type);
    return undefined;
  }
  // Identities: the other operand must already have the result's type.
  if ((op === '+' || op === '-') && r === 0 && isLit(right)) return replaceIfSameType(e, left);
  if (op === '+' && l === 0 && isLit(left)) return replaceIfSameType(e, right);
  if ((op === '*' || op === '/') && r === 1 && isLit(right)) return replaceIfSameType(e, left);
  if (op === '*' && l === 1 && isLit(left)) return replaceIfSameType(e, right);
  return undefined;
}

function replaceIfSameType(e: Expr, s: Expr): Expr | undefined {
  return s.type !== undefined && s.type === e.type ? s : undefined;
}

const isAscii = (s: string): boolean => /^[\x00-\x7f]*$/.test(s);

function foldComparison(e: Expr & { kind: 'binary' }): Expr | undefined {
  if (isNullLit(e.left) || isNullLit(e.right)) return literalOf(null, e.type);
  if (e.left.kind !== 'literal' || e.right.kind !== 'literal') return undefined;
  const l = e.left.value, r = e.right.value;
  const ordered = (typeof l === 'number' && typeof r === 'number')
    // JavaScript compares strings by UTF-16 units, SQL by code points: equal only for ASCII.
    || (typeof l === 'string' && typeof r === 'string' && isAscii(l) && isAscii(r));
  const equality = ordered || (typeof l === typeof r && (typeof l === 'string' || typeof l === 'boolean'));
  let v: boolean | undefined;
  switch (e.op) {
    case '=': v = equality ? l === r : undefined; break;
    case '!=': v = equality ? l !== r : undefined; break;
    case '<': v = ordered ? (l as number) < (r as number) : undefined; break;
    case '<=': v = ordered ? (l as number) <= (r as number) : undefined; break;
    case '>': v = ordered ? (l as number) > (r as number) : undefined; break;
    case '>=': v = ordered ? (l as number) >= (r as number) : undefined; break;
    default: v = undefined;
  }
  return v === undefined ? undefined : literalOf(v, e.type);
}

function foldLogic(e: Expr & { kind: 'binary' }): Expr | undefined {
  const { left, right } = e;
  if (e.op === 'and') {
    if (isLit(left, false) || isLit(right, false)) return literalOf(false, e.type);
    if (isLit(left, true)) return replaceWith(e, right);
    if (isLit(right, true)) return replaceWith(e, left);
    if (isNullLit(left) && isNullLit(right)) return literalOf(null, e.type);
    return undefined;
  }
  if (isLit(left, true) || isLit(right, true)) return literalOf(true, e.type);
  if (isLit(left, false)) return replaceWith(e, right);
  if (isLit(right, false)) return replaceWith(e, left);
  if (isNullLit(left) && isNullLit(right)) return literalOf(null, e.type);
  return undefined;
}

/** One step at the root of `e` (its children are already simplified). */
function fold(e: Expr): Expr | undefined {
  switch (e.kind) {
    case 'binary':
      if (e.op === 'and' || e.op === 'or') return foldLogic(e);
      if (['+', '-', '*', '/', '%'].includes(e.op)) return foldArithmetic(e);
      return foldComparison(e);
    case 'unary': {
      const o = e.operand;
      if (isNullLit(o)) return literalOf(null, e.type);
      if (e.op === 'not') {
        if (o.kind === 'literal' && typeof o.value === 'boolean') return literalOf(!o.value, e.type);
        if (o.kind === 'unary' && o.op === 'not') return replaceWith(e, o.operand);
        return undefined;
      }
      if (o.kind === 'literal' && typeof o.value === 'number' && fitsType(-o.value, e.type)) return literalOf(-o.value, e.type);
      return undefined;
    }
    case 'isNull':
      if (e.operand.kind === 'literal') return literalOf((e.operand.value === null) !== e.negated, e.type);
      return undefined;
    case 'case': {
      // Drop branches that can never be taken; a first branch that is always taken decides.
      const live = e.whens.filter((w) => !(isLit(w.when, false) || isNullLit(w.when)));
      if (live.length > 0 && isLit(live[0]!.when, true)) return replaceWith(e, live[0]!.then);
      if (live.length === 0) return replaceWith(e, e.otherwise ?? literalOf(null, e.type));
      return live.length === e.whens.length ? undefined : { ...e, whens: live };
    }
    case 'call': return foldCall(e);
    case 'in': return foldIn(e);
    case 'between': {
      if (isNullLit(e.operand)) return literalOf(null, e.type);
      const [x, lo, hi] = [e.operand, e.low, e.high].map(litValue);
      if (typeof x !== 'number' || typeof lo !== 'number' || typeof hi !== 'number') return undefined;
      return literalOf((lo <= x && x <= hi) !== e.negated, e.type);
    }
    default: return undefined;
  }
}

function foldCall(e: Expr & { kind: 'call' }): Expr | undefined {
  if (e.fn === 'coalesce') {
    // Null arguments never win; a non-null literal wins over everything after it.
    const firstLiteral = e.args.findIndex((a) => a.kind === 'literal' && a.value !== null);
    const args = e.args.slice(0, firstLiteral >= 0 ? firstLiteral + 1 : e.args.length).filter((a) => !isNullLit(a));
    if (args.length === 0) return literalOf(null, e.type);
    if (args.length === 1) return replaceWith(e, args[0]!);
    return args.length === e.args.length ? undefined : { ...e, args };
  }
  if (e.fn === 'if' && e.args.length === 3) {
    const [cond, then, otherwise] = e.args as [Expr, Expr, Expr];
    if (isLit(cond, true)) return replaceWith(e, then);
    if (isLit(cond, false) || isNullLit(cond)) return replaceWith(e, otherwise);
  }
  return undefined;
}

function foldIn(e: Expr & { kind: 'in' }): Expr | undefined {
  if (isNullLit(e.operand)) return literalOf(null, e.type);
  const x = litValue(e.operand);
  if (e.operand.kind !== 'literal' || !e.list.every((i) => i.kind === 'literal')) return undefined;
  if (typeof x !== 'number' && !(typeof x === 'string' && isAscii(x))) return undefined;
  const values = e.list.map(litValue);
  if (values.some((v) => v !== null && typeof v !== typeof x)) return undefined;
  if (values.includes(x)) return literalOf(!e.negated, e.type);
  // No match: false, unless a null in the list makes it unknown (x = null is null).
  return values.includes(null) ? literalOf(null, e.type) : literalOf(e.negated, e.type);
}

export function simplifyExpr(e: Expr): Expr {
  // Children first, then fold at the root until nothing more folds.
  const inner = mapChildren(e, simplifyExpr);
  let cur = inner;
  for (let i = 0; i < 64; i++) {
    const next = fold(cur);
    if (!next || next === cur) break;
    cur = next;
  }
  return cur;
}

function mapChildren(e: Expr, f: (c: Expr) => Expr): Expr {
  switch (e.kind) {
    case 'column': case 'literal': return e;
    case 'binary': {
      const left = f(e.left), right = f(e.right);
      return left === e.left && right === e.right ? e : { ...e, left, right };
    }
    case 'unary': case 'isNull': case 'cast': {
      const operand = f(e.operand);
      return operand === e.operand ? e : { ...e, operand };
    }
    case 'in': {
      const operand = f(e.operand), list = e.list.map(f);
      return operand === e.operand && list.every((x, i) => x === e.list[i]) ? e : { ...e, operand, list };
    }
    case 'between': {
      const operand = f(e.operand), low = f(e.low), high = f(e.high);
      return operand === e.operand && low === e.low && high === e.high ? e : { ...e, operand, low, high };
    }
    case 'case': {
      const whens = e.whens.map((w) => ({ when: f(w.when), then: f(w.then) }));
      const otherwise = e.otherwise ? f(e.otherwise) : undefined;
      const same = whens.every((w, i) => w.when === e.whens[i]!.when && w.then === e.whens[i]!.then) && otherwise === e.otherwise;
      return same ? e : { ...e, whens, ...(otherwise ? { otherwise } : {}) };
    }
    case 'call': {
      const args = e.args.map(f);
      return args.every((x, i) => x === e.args[i]) ? e : { ...e, args };
    }
  }
}

function simplifyNode(p: LogicalPlan): LogicalPlan {
  switch (p.op) {
    case 'filter': {
      const condition = simplifyExpr(p.condition);
      return condition === p.condition ? p : { ...p, condition };
    }
    case 'project': {
      const items = p.items.map((i) => {
        const expr = simplifyExpr(i.expr);
        return expr === i.expr ? i : { ...i, expr };
      });
      return items.every((x, i) => x === p.items[i]) ? p : { ...p, items };
    }
    case 'scan': {
      const filters = p.filters.map(simplifyExpr);
      return filters.every((x, i) => x === p.filters[i]) ? p : { ...p, filters };
    }
    default: return p;
  }
}

export const simplifyExpressions: OptimizerRule = {
  name: 'simplify-expressions',
  description: 'fold constants and drop identities (x + 0, true and p) with three-valued null logic',
  apply: (roots, ctx) => rewriteBottomUp(roots, ctx, simplifyNode),
};
