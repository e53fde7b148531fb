// The depth of an expression tree, measured without recursion (the tree may be too deep for it:
// that is what parse-expr.ts checks with it).

import type { Expr } from './expr.ts';

function children(e: Expr): readonly (Expr | undefined)[] {
  switch (e.kind) {
    case 'binary': return [e.left, e.right];
    case 'unary': case 'isNull': case 'cast': return [e.operand];
    case 'in': return [e.operand, ...e.list];
    case 'between': return [e.operand, e.low, e.high];
    case 'case': return [...e.whens.flatMap((w) => [w.when, w.then]), e.otherwise];
    case 'call': return e.args;
    default: return [];
  }
}

/** The leftmost node of the tree deeper than `max` levels (the root is at level 1), or undefined:
 *  the subexpression that takes the tree past the limit. */
export function firstNodeDeeperThan(root: Expr, max: number): Expr | undefined {
  const stack: { node: Expr; depth: number }[] = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const at = stack.pop()!;
    if (at.depth > max) return at.node;
    const kids = children(at.node);
    for (let i = kids.length - 1; i >= 0; i--) {
      const c = kids[i];
      if (c) stack.push({ node: c, depth: at.depth + 1 });
    }
  }
  return undefined;
}
