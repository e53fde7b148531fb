// Walking and rewriting plan forests while keeping shared sub-trees shared.

import { inputsOf, withInputs } from '../logical/plan.ts';
import type { LogicalPlan } from '../logical/plan.ts';
import type { PlanRoots, RuleContext } from './rule.ts';

/** Every node once, consumers before the nodes they consume (reverse post-order). */
export function topDownOrder(roots: PlanRoots): LogicalPlan[] {
  const seen = new Set<LogicalPlan>();
  const post: LogicalPlan[] = [];
  const visit = (p: LogicalPlan): void => {
    if (seen.has(p)) return;
    seen.add(p);
    inputsOf(p).forEach(visit);
    post.push(p);
  };
  roots.forEach(visit);
  return post.reverse();
}

/** The same roots array when no element changed, else the new one. */
export function sameRootsOr(roots: PlanRoots, next: readonly LogicalPlan[]): PlanRoots {
  return next.every((r, i) => r === roots[i]) ? roots : next;
}

export interface RewriteHelpers {
  /** The node as it was before this rewrite. */
  readonly original: LogicalPlan;
  /** Whether a node (an original one, or the rewrite of one) has more than one consumer. */
  isShared(p: LogicalPlan): boolean;
}

/**
 * Rewrites bottom-up: `fn` gets each node with its inputs already rewritten and returns it or
 * its replacement. Each original node is rewritten once, so a shared sub-tree stays one object.
 * `fn` must return its argument when it changes nothing, so an untouched forest comes back as
 * the same array.
 */
export function rewriteBottomUp(roots: PlanRoots, ctx: RuleContext,
  fn: (node: LogicalPlan, helpers: RewriteHelpers) => LogicalPlan): PlanRoots {
  const memo = new Map<LogicalPlan, LogicalPlan>();
  const originOf = new Map<LogicalPlan, LogicalPlan>();
  const isShared = (p: LogicalPlan): boolean => ctx.consumers(originOf.get(p) ?? p) > 1;
  const visit = (p: LogicalPlan): LogicalPlan => {
    const done = memo.get(p);
    if (done) return done;
    const withNew = withInputs(p, inputsOf(p).map(visit));
    if (withNew !== p) originOf.set(withNew, p);
    const out = fn(withNew, { original: p, isShared });
    memo.set(p, out);
    if (out !== p) originOf.set(out, p);
    return out;
  };
  return sameRootsOr(roots, roots.map(visit));
}
