// Replacing column references in a checked expression by other expressions: how a derive whose
// expressions refer to columns derived before it becomes one projection over its input.

import type { Expr } from './expr.ts';

export function substituteColumns(e: Expr, lookup: (name: string) => Expr | undefined): Expr {
  const sub = (x: Expr) => substituteColumns(x, lookup);
  switch (e.kind) {
    case 'column': return lookup(e.name) ?? e;
    case 'literal': return e;
    case 'binary': return { ...e, left: sub(e.left), right: sub(e.right) };
    case 'unary': case 'isNull': case 'cast': return { ...e, operand: sub(e.operand) } as Expr;
    case 'in': return { ...e, operand: sub(e.operand), list: e.list.map(sub) };
    case 'between': return { ...e, operand: sub(e.operand), low: sub(e.low), high: sub(e.high) };
    case 'case': return { ...e, whens: e.whens.map((w) => ({ when: sub(w.when), then: sub(w.then) })), ...(e.otherwise ? { otherwise: sub(e.otherwise) } : {}) };
    case 'call': return { ...e, args: e.args.map(sub) };
  }
}
