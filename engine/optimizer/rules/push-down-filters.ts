// push-down-filters: moves filter conjuncts as close to the data as they can go, so fewer rows
// flow through joins and aggregates, and into scans (exec still applies scan filters to every
// row; the Parquet reader also uses them to skip row groups by min/max statistics).
//
// A condition is split at `and`; each conjunct moves on its own:
//   - through a project, with derived names replaced by their expressions when those are
//     cheap (small, no case): the expression is then computed twice, so never for big ones;
//   - through sort (not top-k: that would change which rows are kept), repartition, another
//     filter, distinct on all columns, and distinct on a subset only for conjuncts on its keys;
//   - through an aggregate only for conjuncts on group keys (they remove whole groups);
//   - into both inputs of a union, column names mapped per input (by name or by position);
//   - into a join: inner joins take conjuncts that read one side only into that side (a
//     conjunct on a merged USING key into both); left joins only into the left (preserved)
//     side, right joins only into the right; full joins into neither; semi/anti into the left.
//     A conjunct on the null-producing side stays above the join: pushed below, it would keep
//     the unmatched rows it should remove (with nulls in place of the filtered values);
//   - into a scan's `filters`.
// Never past a limit (it changes which rows are kept), an ml stage, or into a sub-tree with
// another consumer (a shared node is computed once for all its consumers).

import { children, referencedColumns } from '../../logical/expr.ts';
import type { Expr } from '../../logical/expr.ts';
import type { Field } from '../../types.ts';
import type { FilterNode, JoinNode, LogicalPlan, UnionNode } from '../../logical/plan.ts';
import type { OptimizerRule } from '../rule.ts';
import { rewriteBottomUp } from '../plan-walk.ts';
import type { RewriteHelpers } from '../plan-walk.ts';
import { conjoin, conjuncts, exprSize, renameColumns, sameExpr, substituteColumns } from '../expr-utils.ts';
import { joinOutputSources } from '../join-columns.ts';

interface Pushed { readonly plan: LogicalPlan; readonly rest: readonly Expr[] }

const MAX_SUBSTITUTED_SIZE = 5;

const refsOf = (e: Expr): string[] => [...referencedColumns(e)];
const within = (e: Expr, names: readonly string[]): boolean => refsOf(e).every((r) => names.includes(r));

/** `conjs` applied to `input`: pushed into it as far as possible, a filter above for the rest. */
function placeBelow(input: LogicalPlan, conjs: readonly Expr[], filterId: string, h: RewriteHelpers): LogicalPlan {
  if (conjs.length === 0) return input;
  const r = pushInto(input, conjs, filterId, h);
  if (r.rest.length === 0) return r.plan;
  const f: FilterNode = { op: 'filter', nodeId: filterId, input: r.plan, condition: conjoin(r.rest), schema: r.plan.schema, pushed: true };
  return f;
}

/** Splits `conjs` into those `ok` accepts (possibly rewritten) and the rest. */
function partition(conjs: readonly Expr[], ok: (c: Expr) => Expr | undefined): { moved: Expr[]; rest: Expr[] } {
  const moved: Expr[] = [], rest: Expr[] = [];
  for (const c of conjs) {
    const m = ok(c);
    if (m) moved.push(m);
    else rest.push(c);
  }
  return { moved, rest };
}

/** Pushes `conjs` below or into `node` (same output schema); returns what must stay above. */
function pushInto(node: LogicalPlan, conjs: readonly Expr[], filterId: string, h: RewriteHelpers): Pushed {
  const none: Pushed = { plan: node, rest: conjs };
  if (h.isShared(node)) return none;
  const through = (ok: (c: Expr) => Expr | undefined): Pushed => {
    if (!('input' in node)) return none;
    const { moved, rest } = partition(conjs, ok);
    if (moved.length === 0) return none;
    return { plan: { ...node, input: placeBelow(node.input, moved, filterId, h) } as LogicalPlan, rest };
  };
  switch (node.op) {
    case 'scan': {
      const fresh = conjs.filter((c) => !node.filters.some((f) => sameExpr(f, c)));
      return { plan: fresh.length ? { ...node, filters: [...node.filters, ...fresh] } : node, rest: [] };
    }
    case 'filter': {
      const r = pushInto(node.input, conjs, filterId, h);
      return r.plan === node.input ? none : { plan: { ...node, input: r.plan }, rest: r.rest };
    }
    case 'sort':
      return node.limit === undefined ? through((c) => c) : none;
    case 'repartition':
      return through((c) => c);
    case 'distinct':
      return through((c) => (within(c, node.columns) ? c : undefined));
    case 'aggregate':
      return through((c) => (refsOf(c).length > 0 && within(c, node.groupBy) ? c : undefined));
    case 'project': {
      const byName = new Map(node.items.map((i) => [i.name, i.expr]));
      return through((c) => {
        const refs = refsOf(c);
        const cheap = refs.every((r) => {
          const e = byName.get(r);
          return e !== undefined && exprSize(e) <= MAX_SUBSTITUTED_SIZE && !containsCase(e);
        });
        return cheap ? substituteColumns(c, (n) => byName.get(n)) : undefined;
      });
    }
    case 'union': return pushIntoUnion(node, conjs, filterId, h);
    case 'join': return pushIntoJoin(node, conjs, filterId, h);
    default: return none;
  }
}

function containsCase(e: Expr): boolean {
  return e.kind === 'case' || children(e).some(containsCase);
}

/** Output column name -> the same column in `input`, when it has the same type there. */
function unionRename(u: UnionNode, input: LogicalPlan): Map<string, string> {
  const m = new Map<string, string>();
  u.schema.fields.forEach((f, i) => {
    const src: Field | undefined = u.byName ? input.schema.fields.find((x) => x.name === f.name) : input.schema.fields[i];
    if (src && src.type === f.type) m.set(f.name, src.name);
  });
  return m;
}

function pushIntoUnion(u: UnionNode, conjs: readonly Expr[], filterId: string, h: RewriteHelpers): Pushed {
  const renames = u.inputs.map((inp) => unionRename(u, inp));
  const { moved, rest } = partition(conjs, (c) => (refsOf(c).every((r) => renames.every((m) => m.has(r))) ? c : undefined));
  if (moved.length === 0) return { plan: u, rest: conjs };
  const inputs = u.inputs.map((inp, k) => placeBelow(inp, moved.map((c) => renameColumns(c, renames[k]!)), filterId, h));
  return { plan: { ...u, inputs: [inputs[0]!, inputs[1]!] }, rest };
}

function pushIntoJoin(j: JoinNode, conjs: readonly Expr[], filterId: string, h: RewriteHelpers): Pushed {
  const sources = joinOutputSources(j);
  if (!sources) return { plan: j, rest: conjs };
  const leftOk = j.type === 'inner' || j.type === 'left' || j.type === 'semi' || j.type === 'anti';
  const rightOk = j.type === 'inner' || j.type === 'right';
  // Output name -> name in each side it can be read from, with the same type. A merged key
  // holds the left value in inner/left joins and the right value in inner/right joins (equal
  // in inner joins); in a full join it is neither side's value alone.
  const fromLeft = new Map<string, string>(), fromRight = new Map<string, string>();
  sources.forEach((s, i) => {
    const out = j.schema.fields[i]!;
    const lf = j.left.schema.fields.find((f) => f.name === s.name);
    const rf = j.right.schema.fields.find((f) => f.name === s.name);
    // leftOk / rightOk already exclude the joins where a merged key is the other side's value.
    const readLeft = s.side === 'left' && leftOk;
    const readRight = (s.side === 'right' || s.merged) && rightOk;
    if (readLeft && lf?.type === out.type) fromLeft.set(out.name, s.name);
    if (readRight && rf?.type === out.type) fromRight.set(out.name, s.name);
  });
  const toLeft: Expr[] = [], toRight: Expr[] = [], rest: Expr[] = [];
  for (const c of conjs) {
    const refs = refsOf(c);
    const l = refs.length > 0 && refs.every((r) => fromLeft.has(r));
    const r = refs.length > 0 && refs.every((x) => fromRight.has(x));
    if (l) toLeft.push(renameColumns(c, fromLeft));
    if (r) toRight.push(renameColumns(c, fromRight));
    if (!l && !r) rest.push(c);
  }
  if (toLeft.length === 0 && toRight.length === 0) return { plan: j, rest: conjs };
  const left = placeBelow(j.left, toLeft, filterId, h);
  const right = placeBelow(j.right, toRight, filterId, h);
  // Sides changed: a strategy chosen for the old sizes is chosen again by join-strategy.
  const { chosen: _chosen, ...rest0 } = j;
  return { plan: { ...rest0, left, right }, rest };
}

function pushFilter(p: LogicalPlan, h: RewriteHelpers): LogicalPlan {
  if (p.op !== 'filter') return p;
  const r = pushInto(p.input, conjuncts(p.condition), p.nodeId, h);
  if (r.plan === p.input) return p;
  // The whole filter moved down: the node now in its place reports the filter's rows (unless
  // this was already a moved part of a filter, whose rows are counted at the filter's place).
  if (r.rest.length === 0) return p.pushed ? r.plan : absorb(r.plan, p);
  return { ...p, input: r.plan, condition: conjoin(r.rest) };
}

/** `standIn` in place of `filter`, which no longer has an operator of its own. */
export function absorb(standIn: LogicalPlan, filter: FilterNode): LogicalPlan {
  if (filter.pushed) return standIn;
  return { ...standIn, absorbed: [...(standIn.absorbed ?? []), filter.nodeId, ...(filter.absorbed ?? [])] };
}

export const pushDownFilters: OptimizerRule = {
  name: 'push-down-filters',
  description: 'move filter conjuncts below projections, sorts, unions and joins, and into scans',
  apply: (roots, ctx) => rewriteBottomUp(roots, ctx, pushFilter),
};
