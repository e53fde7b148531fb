// The optimizer: an ordered list of rewrite rules run to a fixed point over a PipelinePlan.
// After every rule application each root's output schema is checked unchanged: a rule that
// changes what a sink writes or what a preview shows is a bug, and the error names the rule.

import { formatSchema, sameSchema } from '../types.ts';
import { consumerCounts, inputsOf } from '../logical/plan.ts';
import { DEFAULT_BROADCAST_THRESHOLD_BYTES } from '../document/document-types.ts';
import type { LogicalPlan, PipelinePlan, SinkNode } from '../logical/plan.ts';
import { planRoots } from '../logical/explain.ts';
import type { OptimizerRule, PlanRoots, RuleContext } from './rule.ts';
import { LazyNodePlans } from './lazy-node-plans.ts';
import { joinOutputNames } from './join-columns.ts';
import { simplifyExpressions } from './rules/simplify-expressions.ts';
import { eliminateFilters } from './rules/eliminate-filters.ts';
import { pushDownFilters } from './rules/push-down-filters.ts';
import { pushDownLimit } from './rules/push-down-limit.ts';
import { pruneColumns } from './rules/prune-columns.ts';
import { joinStrategy } from './rules/join-strategy.ts';

export const DEFAULT_MAX_PASSES = 10;

/**
 * The rules, in the order one pass applies them. Passes repeat until none fires.
 */
export const RULES: readonly OptimizerRule[] = [
  // First, so every later rule sees literals folded: `amount > 5 + 5` becomes `amount > 10`
  // (pushable, comparable with Parquet statistics), `true and p` becomes `p`.
  simplifyExpressions,
  // Right after folding: a filter folded to `true` disappears before pushdown moves it around,
  // one folded to `false` empties its sub-tree and everything that empty input decides.
  eliminateFilters,
  // Moves conjuncts towards the scans (and into them). Before pruning, because a filter that
  // lands in a scan changes which columns that scan must read.
  pushDownFilters,
  // Sort + limit -> top-k, limits through projections and into union inputs. Independent of
  // filters (a limit never passes a filter), and before pruning, which does not care.
  pushDownLimit,
  // Narrows scans to the columns their consumers need. After everything that moves
  // expressions, so the needs it computes are final for this pass.
  pruneColumns,
  // Last: sizes depend on pruned columns and pushed filters.
  joinStrategy,
];

export interface OptimizeOptions {
  /** Rule names to skip (`--disable NAME`). */
  readonly disabled?: readonly string[];
  readonly maxPasses?: number;
  readonly broadcastThresholdBytes?: number;
}

function contextFor(roots: PlanRoots, broadcastThresholdBytes: number): RuleContext {
  const counts = consumerCounts(roots);
  return { consumers: (p) => counts.get(p) ?? 0, broadcastThresholdBytes };
}

/** Runs `rules` in order, pass after pass, until a pass changes nothing or `maxPasses` ran. */
export function runRules(roots: PlanRoots, rules: readonly OptimizerRule[], opts: OptimizeOptions = {}): { roots: PlanRoots; fired: string[] } {
  const threshold = opts.broadcastThresholdBytes ?? DEFAULT_BROADCAST_THRESHOLD_BYTES;
  const maxPasses = opts.maxPasses ?? DEFAULT_MAX_PASSES;
  const disabled = new Set(opts.disabled ?? []);
  const active = rules.filter((r) => !disabled.has(r.name));
  const fired: string[] = [];
  let current = roots;
  for (let pass = 0; pass < maxPasses; pass++) {
    let changed = false;
    for (const rule of active) {
      const next = rule.apply(current, contextFor(current, threshold));
      if (next === current) continue;
      checkSchemas(rule, current, next);
      checkConsistency(rule, next);
      changed = true;
      if (!fired.includes(rule.name)) fired.push(rule.name);
      current = next;
    }
    if (!changed) break;
  }
  return { roots: current, fired };
}

function checkSchemas(rule: OptimizerRule, before: PlanRoots, after: PlanRoots): void {
  if (after.length !== before.length) {
    throw new Error(`optimizer rule '${rule.name}' returned ${after.length} roots for ${before.length}: a rule must keep every root`);
  }
  before.forEach((b, i) => {
    const a = after[i]!;
    if (!sameSchema(b.schema, a.schema)) {
      throw new Error(`optimizer rule '${rule.name}' changed the output schema of node '${b.nodeId}' from (${formatSchema(b.schema)}) `
        + `to (${formatSchema(a.schema)}); disable the rule with --disable ${rule.name} and report the pipeline`);
    }
  });
}

/** A node whose schema no longer matches its inputs: what a rule changed below a root. */
function inconsistency(p: LogicalPlan): string | undefined {
  const names = (fields: readonly { name: string }[]): string => fields.map((f) => f.name).join(',');
  switch (p.op) {
    case 'filter': case 'sort': case 'limit': case 'distinct': case 'repartition': case 'sink':
      return sameSchema(p.schema, p.input.schema) ? undefined : `its input now has (${formatSchema(p.input.schema)})`;
    case 'scan':
      return names(p.schema.fields) === p.columns.join(',') ? undefined : `it reads [${p.columns.join(', ')}]`;
    case 'project':
      return names(p.schema.fields) === p.items.map((i) => i.name).join(',') ? undefined : 'its items differ';
    case 'aggregate':
      return names(p.schema.fields) === [...p.groupBy, ...p.aggregations.map((a) => a.as)].join(',') ? undefined
        : 'its groups and aggregations differ';
    case 'join': {
      const expected = joinOutputNames(p);
      return names(p.schema.fields) === expected.join(',') ? undefined : `its inputs give columns [${expected.join(', ')}]`;
    }
    case 'union': {
      const [a, b] = p.inputs;
      const n = p.schema.fields.length;
      if (a.schema.fields.length !== n || b.schema.fields.length !== n) return `its inputs have ${a.schema.fields.length} and ${b.schema.fields.length} columns`;
      return p.byName && !p.schema.fields.every((f) => b.schema.fields.some((g) => g.name === f.name)) ? 'its inputs have other names' : undefined;
    }
    default: return undefined;
  }
}

function checkConsistency(rule: OptimizerRule, roots: PlanRoots): void {
  const seen = new Set<LogicalPlan>();
  const visit = (p: LogicalPlan): void => {
    if (seen.has(p)) return;
    seen.add(p);
    const problem = inconsistency(p);
    if (problem) {
      throw new Error(`optimizer rule '${rule.name}' left node '${p.nodeId}' with schema (${formatSchema(p.schema)}) but ${problem}; `
        + `disable the rule with --disable ${rule.name} and report the pipeline`);
    }
    inputsOf(p).forEach(visit);
  };
  roots.forEach(visit);
}

/** Names of all rules, for `--disable` validation and help text. */
export function ruleNames(): string[] {
  return RULES.map((r) => r.name);
}

/**
 * Optimizes what a run computes (the sinks, or without sinks the leaves: together, so shared
 * sub-trees stay shared)
 * and, separately, each node's own plan for previews (a preview needs all of a node's columns,
 * whatever its consumers in the run need; done when `nodes.get(id)` first asks). `fired` lists
 * the rules that changed the run's plan.
 */
export function optimize(plan: PipelinePlan, opts: OptimizeOptions = {}): { plan: PipelinePlan; fired: string[] } {
  const unknown = (opts.disabled ?? []).filter((n) => !RULES.some((r) => r.name === n));
  if (unknown.length) {
    throw new Error(`unknown optimizer rule ${unknown.map((n) => `'${n}'`).join(', ')}: expected one of ${ruleNames().join(', ')}`);
  }
  const roots = planRoots(plan);
  const { roots: out, fired } = runRules(roots, RULES, opts);
  const replaced = new Map<LogicalPlan, LogicalPlan>(roots.map((r, i) => [r, out[i]!]));
  const alone = (p: LogicalPlan): LogicalPlan => {
    let q = replaced.get(p);
    if (!q) {
      q = runRules([p], RULES, opts).roots[0]!;
      replaced.set(p, q);
    }
    return q;
  };
  const nodes = new LazyNodePlans(plan.nodes, alone);
  return { plan: { nodes, sinks: plan.sinks.map((s) => alone(s) as SinkNode), leaves: plan.leaves.map(alone) }, fired };
}
