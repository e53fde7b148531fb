// push-down-limit: stops producing rows nobody will read.
//   - limit over sort -> a sort with `limit` (top-k: each partition keeps k rows, not all); a
//     scan right below that only this sort reads learns the top-k too (ScanNode.topK);
//   - limit over limit -> the smaller; a limit over something that already yields at most
//     that many rows (a smaller limit, a top-k, an aggregate without group keys) goes away;
//   - limit over project -> project over limit (a projection keeps the row count);
//   - limit over union -> the limit stays, and each input gets a copy (neither input can
//     contribute more than `count` rows), unless the input is already that small.
// Never through a filter, aggregate, join or distinct: they change which rows come first or how
// many survive. Never into a shared sub-tree: its other consumer needs all of its rows.

import type { LimitNode, LogicalPlan, SortKey } from '../../logical/plan.ts';
import type { OptimizerRule } from '../rule.ts';
import { rewriteBottomUp } from '../plan-walk.ts';
import type { RewriteHelpers } from '../plan-walk.ts';

/** A proven upper bound on the number of rows `p` yields, when there is one. */
export function maxRows(p: LogicalPlan): number | undefined {
  switch (p.op) {
    case 'empty': return 0;
    case 'limit': return minDefined(p.count, maxRows(p.input));
    case 'sort': return minDefined(p.limit, maxRows(p.input));
    case 'project': case 'filter': case 'repartition': case 'distinct': return maxRows(p.input);
    case 'aggregate': return p.groupBy.length === 0 ? 1 : maxRows(p.input);
    case 'union': {
      const a = maxRows(p.inputs[0]), b = maxRows(p.inputs[1]);
      return a !== undefined && b !== undefined ? a + b : undefined;
    }
    default: return undefined;
  }
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

function limitOver(nodeId: string, input: LogicalPlan, count: number, h: RewriteHelpers): LogicalPlan {
  const l: LimitNode = { op: 'limit', nodeId, input, count, schema: input.schema };
  return pushLimit(l, h);
}

/** Top-k rows a scan read only by this top-k may leave out (ScanNode.topK): up to this many. */
const SCAN_TOP_K_MAX = 65_536;

/** The top-k's input told about it when it is a scan no one else reads. */
function withTopK(input: LogicalPlan, key: SortKey | undefined, limit: number, h: RewriteHelpers): LogicalPlan {
  if (input.op !== 'scan' || !key || limit < 1 || limit > SCAN_TOP_K_MAX || h.isShared(input)) return input;
  return { ...input, topK: { key, limit } };
}

function pushLimit(p: LogicalPlan, h: RewriteHelpers): LogicalPlan {
  if (p.op !== 'limit') return p;
  const input = p.input;
  const bound = maxRows(input);
  if (bound !== undefined && bound <= p.count) return input;
  if (h.isShared(input)) return p;
  switch (input.op) {
    case 'limit': return limitOver(p.nodeId, input.input, Math.min(p.count, input.count), h);
    case 'sort': {
      const limit = Math.min(p.count, input.limit ?? Infinity);
      return { ...input, limit, input: withTopK(input.input, input.keys[0], limit, h) };
    }
    case 'project': return { ...input, input: limitOver(p.nodeId, input.input, p.count, h) };
    case 'union': {
      const inputs = input.inputs.map((x) => {
        const b = maxRows(x);
        return b !== undefined && b <= p.count ? x : limitOver(p.nodeId, x, p.count, h);
      });
      if (inputs.every((x, i) => x === input.inputs[i])) return p;
      return { ...p, input: { ...input, inputs: [inputs[0]!, inputs[1]!] } };
    }
    default: return p;
  }
}

export const pushDownLimit: OptimizerRule = {
  name: 'push-down-limit',
  description: 'fuse sort + limit into top-k, merge limits, push limits through projections and into union inputs',
  apply: (roots, ctx) => rewriteBottomUp(roots, ctx, pushLimit),
};
