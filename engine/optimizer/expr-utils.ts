// Expression helpers shared by the rules: conjunct splitting, column substitution, size.

import { children } from '../logical/expr.ts';
import type { Expr, ExprType } from '../logical/expr.ts';

/** `a and (b and c)` -> [a, b, c]. */
export function conjuncts(e: Expr): Expr[] {
  if (e.kind === 'binary' && e.op === 'and') return [...conjuncts(e.left), ...conjuncts(e.right)];
  return [e];
}

/** The conjunction of `parts` (left-deep, in order); `true` when there are none. */
export function conjoin(parts: readonly Expr[]): Expr {
  if (parts.length === 0) return { kind: 'literal', value: true, type: 'bool' };
  return parts.slice(1).reduce<Expr>((acc, p) => ({ kind: 'binary', op: 'and', left: acc, right: p, type: 'bool' }), parts[0]!);
}

export function literalOf(value: null | boolean | number | bigint | string, type: ExprType | undefined): Expr {
  return type === undefined ? { kind: 'literal', value } : { kind: 'literal', value, type };
}

/** Number of nodes in the tree. */
export function exprSize(e: Expr): number {
  return 1 + children(e).reduce((n, c) => n + exprSize(c), 0);
}

/** A copy of `e` with each column reference found in `by` replaced (no recursion into replacements). */
export function substituteColumns(e: Expr, by: (name: string) => Expr | undefined): Expr {
  switch (e.kind) {
    case 'column': return by(e.name) ?? e;
    case 'literal': return e;
    case 'binary': return rebuild(e, { left: substituteColumns(e.left, by), right: substituteColumns(e.right, by) });
    case 'unary': case 'isNull': case 'cast': return rebuild(e, { operand: substituteColumns(e.operand, by) });
    case 'in': return rebuild(e, { operand: substituteColumns(e.operand, by), list: e.list.map((x) => substituteColumns(x, by)) });
    case 'between': return rebuild(e, {
      operand: substituteColumns(e.operand, by), low: substituteColumns(e.low, by), high: substituteColumns(e.high, by),
    });
    case 'case': return rebuild(e, {
      whens: e.whens.map((w) => ({ when: substituteColumns(w.when, by), then: substituteColumns(w.then, by) })),
      ...(e.otherwise ? { otherwise: substituteColumns(e.otherwise, by) } : {}),
    });
    case 'call': return rebuild(e, { args: e.args.map((x) => substituteColumns(x, by)) });
  }
}

/** `{ ...e, ...parts }` unless every part is identical to what `e` has (keeps identity). */
function rebuild<T extends Expr>(e: T, parts: Partial<Record<string, unknown>>): T {
  const rec = e as unknown as Record<string, unknown>;
  const same = Object.entries(parts).every(([k, v]) => {
    const old = rec[k];
    if (Array.isArray(v) && Array.isArray(old)) {
      return v.length === old.length && v.every((x, i) => x === old[i]
        || (typeof x === 'object' && x !== null && 'when' in x && shallowSame(x as object, old[i] as object)));
    }
    return v === old;
  });
  return same ? e : ({ ...e, ...parts } as T);
}

function shallowSame(a: object, b: object): boolean {
  const ra = a as Record<string, unknown>, rb = b as Record<string, unknown>;
  return Object.keys(ra).every((k) => ra[k] === rb[k]);
}

/** Renames column references (e.g. a union output name -> the name in one input). */
export function renameColumns(e: Expr, rename: ReadonlyMap<string, string>): Expr {
  return substituteColumns(e, (name) => {
    const to = rename.get(name);
    return to === undefined || to === name ? undefined : { kind: 'column', name: to, ...(referenceType(e, name) ? { type: referenceType(e, name)! } : {}) };
  });
}

function referenceType(e: Expr, name: string): ExprType | undefined {
  if (e.kind === 'column' && e.name === name) return e.type;
  for (const c of children(e)) {
    const t = referenceType(c, name);
    if (t !== undefined) return t;
  }
  return undefined;
}

const keys = new WeakMap<Expr, string>();

/** A string equal for structurally equal trees (spans ignored); cached per tree object. */
export function exprKey(e: Expr): string {
  let k = keys.get(e);
  if (k === undefined) {
    k = JSON.stringify(e, dropSpan);
    keys.set(e, k);
  }
  return k;
}

/** Structural equality of two trees, ignoring spans. */
export function sameExpr(a: Expr, b: Expr): boolean {
  return a === b || exprKey(a) === exprKey(b);
}

function dropSpan(k: string, v: unknown): unknown {
  return k === 'span' ? undefined : typeof v === 'bigint' ? `${v}n` : v;
}
