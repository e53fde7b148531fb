import { describe, expect, it } from 'vitest';
import { pushDownLimit } from './push-down-limit.ts';
import { runRules } from '../optimizer.ts';
import { explainPlan } from '../../logical/explain.ts';
import type { LogicalPlan } from '../../logical/plan.ts';
import { EVENTS, aggregate, bin, col, filter, limit, lit, project, scan, sink, sort, union } from '../plans.test-helper.ts';

const run = (root: LogicalPlan) => runRules([root], [pushDownLimit]);
const text = (root: LogicalPlan): string => explainPlan(run(root).roots[0]!);
const SCAN = 'Scan [events] sample events columns=[event_id, user_id, ts, category, amount, qty]';

describe('push-down-limit', () => {
  it('fuses sort + limit into a top-k sort, through a project', () => {
    const s = sort('s', scan('events', EVENTS), [{ column: 'amount', descending: true }]);
    const p = project('p', s, [{ name: 'amount', expr: col('amount', 'float64') }]);
    expect(text(limit('top', p, 10))).toBe([
      'Project [p] amount',
      '  Sort [s] amount DESC limit=10',
      `    ${SCAN}`,
    ].join('\n'));
  });

  it('merges limits and drops a limit that cannot cut anything', () => {
    expect(text(limit('a', limit('b', scan('events', EVENTS), 20), 5))).toBe(`Limit [a] 5\n  ${SCAN}`);
    expect(text(limit('a', limit('b', scan('events', EVENTS), 3), 5))).toBe(`Limit [b] 3\n  ${SCAN}`);
    const total = aggregate('t', scan('events', EVENTS), [], [{ fn: 'count', as: 'n' }]);
    expect(run(limit('l', total, 1)).roots[0]).toBe(total);
  });

  it('copies the limit into both union inputs and keeps it above', () => {
    const u = union('u', scan('events', EVENTS), limit('small', scan('events', EVENTS), 2));
    expect(text(limit('l', u, 5))).toBe([
      'Limit [l] 5',
      '  Union [u] byName',
      '    Limit [l] 5',
      `      ${SCAN}`,
      '    Limit [small] 2',
      `      ${SCAN}`,
    ].join('\n'));
    const again = runRules(run(limit('l', u, 5)).roots, [pushDownLimit]);
    expect(again.fired).toEqual([]);
  });

  it('does not pass a filter, an aggregate with groups or a shared input', () => {
    const f = limit('l', filter('f', scan('events', EVENTS), bin('>', col('amount', 'float64'), lit(1))), 5);
    expect(run(f).fired).toEqual([]);
    const g = limit('l', aggregate('g', scan('events', EVENTS), ['category'], [{ fn: 'count', as: 'n' }]), 5);
    expect(run(g).fired).toEqual([]);
    const s = sort('s', scan('events', EVENTS), ['amount']);
    const roots = [sink('a', limit('l', s, 5)), sink('b', s)];
    expect(runRules(roots, [pushDownLimit]).roots).toBe(roots);
  });

  it('tells a scan that only the top-k reads its first key and k, and not a shared scan or a huge k', () => {
    const key = { column: 'amount', descending: true, nullsFirst: false };
    const top = run(limit('top', sort('s', scan('events', EVENTS), [key, { column: 'event_id' }]), 100)).roots[0]!;
    expect(top.op === 'sort' && top.input.op === 'scan' ? top.input.topK : undefined).toEqual({ key, limit: 100 });
    const shared = scan('events', EVENTS);
    const roots = runRules([sink('a', limit('l', sort('s', shared, [key]), 5)), sink('b', shared)], [pushDownLimit]).roots;
    const s0 = roots[0]!.op === 'sink' ? roots[0]!.input : undefined;
    expect(s0?.op === 'sort' && s0.input.op === 'scan' ? s0.input.topK : 'no sort').toBeUndefined();
    const huge = run(limit('top', sort('s', scan('events', EVENTS), [key]), 1_000_000)).roots[0]!;
    expect(huge.op === 'sort' && huge.input.op === 'scan' ? huge.input.topK : 'no sort').toBeUndefined();
  });
});
