// The physical plan as data for a drawing: stages (boxes listing their operators) and the
// exchanges between them (edges: hash with its keys, broadcast, round-robin, gather, forward),
// each operator tagged with what the optimizer changed in it (a filter pushed into a scan,
// columns pruned, a join strategy chosen, a top-k). The studio's Plan tab lays it out; the text
// explain (explain-physical.ts) stays the reference form. Deterministic and plain data.

import { formatExpr } from '../logical/format-expr.ts';
import { exchangeText, opText } from './explain-physical.ts';
import { opsOf, type PhysicalPlan, type PhysOp, type Stage } from './physical-types.ts';

/** One thing an optimizer rule did, as seen on an operator. */
export interface OptimizerChange { readonly rule: string; readonly text: string }

export interface PlanGraphOperator {
  readonly nodeId: string;
  /** The operator as the text explain writes it (`Join [j] inner shuffle build=right on a = b`). */
  readonly label: string;
  readonly changes: readonly OptimizerChange[];
}

export interface PlanGraphStage {
  readonly id: number;
  readonly partitions: number;
  readonly nodeIds: readonly string[];
  /** Leaves first, the stage's root last. */
  readonly operators: readonly PlanGraphOperator[];
  readonly inMain: boolean;
  /** How the stage's output leaves it, as the text explain writes it (`Exchange hash(k) 8 -> 8`, `Write`). */
  readonly output: string;
}

export type ExchangeKind = 'hash' | 'round-robin' | 'gather' | 'broadcast' | 'forward';

export interface PlanGraphEdge {
  readonly from: number;
  readonly to: number;
  readonly kind: ExchangeKind;
  /** Hash keys (empty for the other kinds). */
  readonly keys: readonly string[];
  readonly label: string;
}

export interface PlanGraph {
  readonly stages: readonly PlanGraphStage[];
  readonly edges: readonly PlanGraphEdge[];
}

export function planGraph(plan: PhysicalPlan, rulesFired: readonly string[]): PlanGraph {
  const fired = new Set(rulesFired);
  const stages = plan.stages.map((s): PlanGraphStage => ({
    id: s.id, partitions: s.partitions, nodeIds: s.nodeIds, inMain: s.inMain, output: exchangeText(s),
    operators: opsOf(s.root).map((op) => ({ nodeId: op.nodeId, label: opText(op, plan), changes: changesOf(op, fired) })),
  }));
  const edges = plan.stages.flatMap((to) => to.inputs.map((fromId) => edgeOf(plan.stages[fromId]!, to)));
  return { stages, edges };
}

function edgeOf(from: Stage, to: Stage): PlanGraphEdge {
  const out = from.output;
  switch (out.kind) {
    case 'hash':
      return { from: from.id, to: to.id, kind: 'hash', keys: out.keys, label: `hash(${out.keys.join(', ')}) ${from.partitions}→${out.partitions}` };
    case 'round-robin':
      return { from: from.id, to: to.id, kind: 'round-robin', keys: [], label: `round-robin ${from.partitions}→${out.partitions}` };
    case 'gather': return { from: from.id, to: to.id, kind: 'gather', keys: [], label: `gather ${from.partitions}→1` };
    case 'broadcast': return { from: from.id, to: to.id, kind: 'broadcast', keys: [], label: `broadcast to ${to.partitions}` };
    default: return { from: from.id, to: to.id, kind: 'forward', keys: [], label: `forward ${from.partitions}→${from.partitions}` };
  }
}

/** What the fired rules left on this operator. Only rules that fired are named, so an operator
 *  the user wrote this way (a requested broadcast, a sort the user limited) is not claimed. */
function changesOf(op: PhysOp, fired: ReadonlySet<string>): OptimizerChange[] {
  const out: OptimizerChange[] = [];
  const add = (rule: string, text: string): void => { if (fired.has(rule)) out.push({ rule, text }); };
  if (op.kind === 'scan') {
    if (op.scan.filters.length > 0) add('push-down-filters', `filter${named(op.absorbs)} pushed into the scan: ${op.scan.filters.map(formatExpr).join(' and ')}`);
    const all = op.scan.sourceSchema.fields.map((f) => f.name);
    const pruned = all.filter((c) => !op.scan.columns.includes(c));
    if (pruned.length > 0) add('prune-columns', `reads ${op.scan.columns.length} of ${all.length} columns (pruned: ${pruned.join(', ')})`);
  }
  if (op.kind === 'join' && op.node.chosen && op.node.chosen.reason !== 'requested') {
    add('join-strategy', `${op.node.chosen.strategy}, build ${op.node.chosen.buildSide}: ${op.node.chosen.reason}`);
  }
  if ((op.kind === 'sort' || op.kind === 'merge') && op.limit !== undefined) add('push-down-limit', `top-${op.limit}: the limit pushed into the sort`);
  if (op.absorbs && op.absorbs.length > 0 && !(op.kind === 'scan' && op.scan.filters.length > 0)) {
    const rule = fired.has('push-down-filters') ? 'push-down-filters' : 'eliminate-filters';
    add(rule, `filter${named(op.absorbs)} folded into this node`);
  }
  return out;
}

function named(ids: readonly string[] | undefined): string {
  return ids && ids.length > 0 ? ` ${ids.map((a) => `'${a}'`).join(', ')}` : '';
}
