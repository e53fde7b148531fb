import { describe, expect, it } from 'vitest';
import { eliminateFilters } from './eliminate-filters.ts';
import { runRules } from '../optimizer.ts';
import { explainPlan } from '../../logical/explain.ts';
import { EVENTS, USERS, aggregate, bin, col, filter, join, limit, lit, scan, sink, sort, union } from '../plans.test-helper.ts';

const amountBig = bin('>', col('amount', 'float64'), lit(10));
const run = (root: Parameters<typeof explainPlan>[0] & { op: string }) => runRules([root as never], [eliminateFilters]);

describe('eliminate-filters', () => {
  it('removes a filter on true', () => {
    const events = scan('events', EVENTS);
    const { roots, fired } = run(sink('save', filter('t', events, lit(true))));
    expect(fired).toEqual(['eliminate-filters']);
    expect(explainPlan(roots[0]!)).toBe('Sink [save] parquet /data/out/save.parquet\n  Scan [events] sample events columns=[event_id, user_id, ts, category, amount, qty]');
  });

  it('turns false and null filters into empty relations and propagates them', () => {
    const events = scan('events', EVENTS);
    const users = scan('users', USERS);
    const none = filter('none', events, lit(null, 'bool'));
    const j = join('j', none, users, 'inner', ['user_id']);
    const s = sort('s', j, ['amount']);
    const { roots } = run(sink('save', s));
    expect(explainPlan(roots[0]!)).toBe(
      'Sink [save] parquet /data/out/save.parquet\n  Empty [s] columns=[event_id, user_id, ts, category, amount, qty, name, country, signup_date, age]');
    expect(roots[0]!.schema).toEqual(s.schema);
  });

  it('keeps an aggregate without group keys over an empty input (it is one row)', () => {
    const events = scan('events', EVENTS, { filters: [lit(false)] });
    const total = aggregate('total', events, [], [{ fn: 'count', as: 'n' }]);
    const { roots } = run(total);
    expect(explainPlan(roots[0]!)).toBe('Aggregate [total] group=[] count() AS n\n  Empty [events] columns=[event_id, user_id, ts, category, amount, qty]');
    const byCat = aggregate('by_cat', scan('events', EVENTS, { filters: [lit(false)] }), ['category'], [{ fn: 'count', as: 'n' }]);
    expect(run(byCat).roots[0]!.op).toBe('empty');
  });

  it('keeps the preserved side of an outer join and the other input of a union', () => {
    const events = scan('events', EVENTS);
    const noUsers = filter('no_users', scan('users', USERS), lit(false));
    const left = join('j', events, noUsers, 'left', ['user_id']);
    const out = run(left).roots[0]!;
    expect(out.op).toBe('join');
    const u = union('u', events, filter('none', scan('events', EVENTS), lit(false)));
    expect(run(u).roots[0]).toBe(events);
    expect(run(join('a', events, noUsers, 'anti', ['user_id'])).roots[0]).toBe(events);
    expect(run(limit('l0', events, 0)).roots[0]!.op).toBe('empty');
  });

  it('does not fire on ordinary filters', () => {
    const root = sink('save', filter('big', scan('events', EVENTS), amountBig));
    const r = run(root);
    expect(r.fired).toEqual([]);
    expect(r.roots[0]).toBe(root);
  });
});
