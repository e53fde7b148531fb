// eliminate-filters: a filter whose condition is the literal `true` goes away; one whose
// condition is `false` or `null` (a row passes only when the condition is true) becomes an
// EmptyNode with the same schema, and so does a scan holding such a pushed filter. Emptiness
// then travels up as far as it decides the result:
//   - row-wise and row-subsetting operators (filter, project, sort, limit, distinct,
//     repartition) over an empty input are empty; `limit 0` is empty;
//   - an aggregate WITH group keys over an empty input is empty; WITHOUT group keys it is one
//     row (count() = 0, sum = null), so it stays;
//   - inner and semi joins with an empty side, left/anti joins with an empty left, right joins
//     with an empty right, full joins with both sides empty are empty; an anti join with an
//     empty right is its left input;
//   - a union of two empty inputs is empty; with one empty input it is the other input when
//     that already has the union's schema;
//   - sinks (they write an empty file) and ml stages (fitting on no rows is an error the user
//     must see) are left alone.

import { sameSchema } from '../../types.ts';
import type { LogicalPlan } from '../../logical/plan.ts';
import type { Expr } from '../../logical/expr.ts';
import type { OptimizerRule } from '../rule.ts';
import { rewriteBottomUp } from '../plan-walk.ts';
import { absorb } from './push-down-filters.ts';

const isTrue = (e: Expr): boolean => e.kind === 'literal' && e.value === true;
const neverTrue = (e: Expr): boolean => e.kind === 'literal' && (e.value === false || e.value === null);

function emptyLike(p: LogicalPlan): LogicalPlan {
  return { op: 'empty', nodeId: p.nodeId, schema: p.schema, ...(p.absorbed ? { absorbed: p.absorbed } : {}) };
}

const isEmpty = (p: LogicalPlan): boolean => p.op === 'empty';

function eliminate(p: LogicalPlan): LogicalPlan {
  switch (p.op) {
    case 'scan': {
      if (p.filters.some(neverTrue)) return emptyLike(p);
      const kept = p.filters.filter((f) => !isTrue(f));
      return kept.length === p.filters.length ? p : { ...p, filters: kept };
    }
    case 'filter':
      if (isEmpty(p.input) || neverTrue(p.condition)) return emptyLike(p);
      return isTrue(p.condition) ? absorb(p.input, p) : p;
    case 'limit':
      return isEmpty(p.input) || p.count <= 0 ? emptyLike(p) : p;
    case 'project': case 'sort': case 'distinct': case 'repartition':
      return isEmpty(p.input) ? emptyLike(p) : p;
    case 'aggregate':
      return isEmpty(p.input) && p.groupBy.length > 0 ? emptyLike(p) : p;
    case 'join': {
      const l = isEmpty(p.left), r = isEmpty(p.right);
      const empty = p.type === 'inner' || p.type === 'semi' ? l || r
        : p.type === 'left' || p.type === 'anti' ? l
          : p.type === 'right' ? r
            : l && r;
      if (empty) return emptyLike(p);
      // Nothing on the right to exclude: every left row survives.
      if (p.type === 'anti' && r && sameSchema(p.left.schema, p.schema)) return p.left;
      return p;
    }
    case 'union': {
      const [a, b] = p.inputs;
      if (isEmpty(a) && isEmpty(b)) return emptyLike(p);
      if (isEmpty(a) && sameSchema(b.schema, p.schema)) return b;
      if (isEmpty(b) && sameSchema(a.schema, p.schema)) return a;
      return p;
    }
    default: return p;
  }
}

export const eliminateFilters: OptimizerRule = {
  name: 'eliminate-filters',
  description: 'drop always-true filters; turn always-false ones into empty relations and propagate emptiness',
  apply: (roots, ctx) => rewriteBottomUp(roots, ctx, eliminate),
};
