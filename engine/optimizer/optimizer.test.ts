import { describe, expect, it } from 'vitest';
import { optimize, RULES, runRules } from './optimizer.ts';
import type { OptimizerRule } from './rule.ts';
import { rewriteBottomUp } from './plan-walk.ts';
import { EVENTS, USERS, bin, col, filter, join, lit, pipeline, project, scan, sink } from './plans.test-helper.ts';
import type { LogicalPlan } from '../logical/plan.ts';

/** A rule that replaces the first scan it meets by one narrowed to its first column. */
const breaksSchema: OptimizerRule = {
  name: 'breaks-schema',
  description: 'test rule that drops columns',
  apply: (roots, ctx) => rewriteBottomUp(roots, ctx, (p) => (p.op === 'scan' && p.columns.length > 1
    ? { ...p, columns: [p.columns[0]!], schema: { fields: [p.schema.fields[0]!] } } : p)),
};

/** A rule that fires every time: counts how often it ran. */
function alwaysFires(): OptimizerRule & { runs: number } {
  const rule = {
    name: 'always', description: 'test rule that always changes something', runs: 0,
    apply: (roots: readonly LogicalPlan[]) => {
      rule.runs++;
      return roots.map((r) => ({ ...r }));
    },
  };
  return rule;
}

describe('optimizer', () => {
  it('has uniquely named, described rules', () => {
    const names = RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const r of RULES) expect(r.description.length).toBeGreaterThan(10);
  });

  it('throws naming the rule when a rule changes a root schema', () => {
    const plan = [sink('save', scan('events', EVENTS))];
    expect(() => runRules(plan, [breaksSchema])).toThrow(/rule 'breaks-schema' left node 'save' with schema \(event_id: int64, /);
    expect(() => runRules([scan('events', EVENTS)], [breaksSchema])).toThrow(/rule 'breaks-schema' changed the output schema of node 'events'/);
  });

  it('throws when a rule narrows a join input without fixing the join', () => {
    const narrowsUsers: OptimizerRule = {
      name: 'narrows-users', description: 'test rule that drops a column under a join',
      apply: (roots, ctx) => rewriteBottomUp(roots, ctx, (p) => (p.op === 'scan' && p.nodeId === 'users' && p.columns.length > 2
        ? { ...p, columns: p.columns.slice(0, 2), schema: { fields: p.schema.fields.slice(0, 2) } } : p)),
    };
    const j = join('j', scan('events', EVENTS), scan('users', USERS), 'inner', ['user_id']);
    expect(() => runRules([sink('s', j)], [narrowsUsers])).toThrow(/rule 'narrows-users' left node 'j' .* but its inputs give columns/);
  });

  it('skips disabled rules and stops at the pass limit', () => {
    const plan = [scan('events', EVENTS)];
    const off = runRules(plan, [breaksSchema], { disabled: ['breaks-schema'] });
    expect(off.roots).toBe(plan);
    expect(off.fired).toEqual([]);
    const rule = alwaysFires();
    const r = runRules(plan, [rule], { maxPasses: 3 });
    expect(rule.runs).toBe(3);
    expect(r.fired).toEqual(['always']);
  });

  it('rejects unknown rule names listing the known ones', () => {
    expect(() => optimize(pipeline(scan('events', EVENTS)), { disabled: ['push-down-filter'] }))
      .toThrow(/unknown optimizer rule 'push-down-filter': expected one of simplify-expressions/);
  });

  it('optimizes the run roots and each node plan; leaves unchanged plans identical', () => {
    const events = scan('events', EVENTS);
    const big = filter('big', events, bin('>', col('amount', 'float64'), bin('+', lit(5), lit(5))));
    const sel = project('sel', events, [{ name: 'amount', expr: col('amount', 'float64') }]);
    const plan = pipeline(sink('save', big), sel);
    const { plan: out, fired } = optimize(plan);
    expect(fired).toContain('simplify-expressions');
    expect(out.sinks).toHaveLength(1);
    expect(out.leaves).toHaveLength(1);
    expect(out.nodes.get('big')).not.toBe(big);
    const untouched = optimize(pipeline(scan('events', EVENTS)));
    expect(untouched.fired).toEqual([]);
  });

  it('optimizes node plans on first use, once, each as its own root', () => {
    const events = scan('events', EVENTS);
    const big = filter('big', events, bin('>', col('amount', 'float64'), lit(10)));
    const sel = project('sel', big, [{ name: 'amount', expr: col('amount', 'float64') }]);
    const { plan } = optimize(pipeline(sink('save', sel)));
    const first = plan.nodes.get('big')!;
    expect(plan.nodes.get('big')).toBe(first);
    // Alone, 'big' keeps all its columns (a preview shows them) but its filter is in the scan.
    expect(first.op).toBe('scan');
    expect(first.schema.fields).toHaveLength(EVENTS.fields.length);
    expect([...plan.nodes.keys()].sort()).toEqual(['big', 'events', 'save', 'sel']);
    expect([...plan.nodes.values()]).toContain(first);
    expect(plan.nodes.get('nope')).toBeUndefined();
  });
});
