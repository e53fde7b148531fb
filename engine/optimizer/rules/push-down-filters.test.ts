import { describe, expect, it } from 'vitest';
import { pushDownFilters } from './push-down-filters.ts';
import { runRules } from '../optimizer.ts';
import { explainPlan } from '../../logical/explain.ts';
import type { LogicalPlan } from '../../logical/plan.ts';
import {
  EVENTS, USERS, aggregate, and, bin, col, distinct, filter, join, limit, lit, project, repartition, scan, sink, sort, union,
} from '../plans.test-helper.ts';

const amount = col('amount', 'float64'), country = col('country', 'string');
const amountBig = bin('>', amount, lit(10));
const notZZ = bin('!=', country, lit('ZZ'));
const push = (root: LogicalPlan) => runRules([root], [pushDownFilters]);
const text = (root: LogicalPlan): string => explainPlan(push(root).roots[0]!);

describe('push-down-filters', () => {
  it('splits a conjunction over an inner join into each side and then into the scans', () => {
    const j = join('with_users', scan('events', EVENTS), scan('users', USERS), 'inner', ['user_id']);
    const big = filter('big', j, and(amountBig, notZZ));
    const r = push(sink('save', big));
    expect(r.fired).toEqual(['push-down-filters']);
    expect(explainPlan(r.roots[0]!)).toBe([
      'Sink [save] parquet /data/out/save.parquet',
      '  Join [with_users] inner on user_id = user_id strategy=auto',
      '    Scan [events] sample events columns=[event_id, user_id, ts, category, amount, qty] filters=[amount > 10]',
      "    Scan [users] sample users columns=[user_id, name, country, signup_date, age] filters=[country != 'ZZ']",
    ].join('\n'));
  });

  it('pushes a conjunct on a merged USING key into both sides of an inner join, keeps a cross-side one above', () => {
    const j = join('j', scan('events', EVENTS), scan('users', USERS), 'inner', ['user_id']);
    const cond = and(bin('>', col('user_id', 'int32'), lit(5)), bin('>', col('qty', 'int32'), col('age', 'int32')));
    expect(text(filter('f', j, cond))).toBe([
      'Filter [f] qty > age',
      '  Join [j] inner on user_id = user_id strategy=auto',
      '    Scan [events] sample events columns=[event_id, user_id, ts, category, amount, qty] filters=[user_id > 5]',
      '    Scan [users] sample users columns=[user_id, name, country, signup_date, age] filters=[user_id > 5]',
    ].join('\n'));
  });

  it('never pushes into the null-producing side of an outer join', () => {
    const left = join('j', scan('events', EVENTS), scan('users', USERS), 'left', ['user_id']);
    expect(text(filter('f', left, and(amountBig, notZZ)))).toBe([
      "Filter [f] country != 'ZZ'",
      '  Join [j] left on user_id = user_id strategy=auto',
      '    Scan [events] sample events columns=[event_id, user_id, ts, category, amount, qty] filters=[amount > 10]',
      '    Scan [users] sample users columns=[user_id, name, country, signup_date, age]',
    ].join('\n'));
    const right = join('j', scan('events', EVENTS), scan('users', USERS), 'right', ['user_id']);
    expect(text(filter('f', right, and(amountBig, notZZ)))).toBe([
      'Filter [f] amount > 10',
      '  Join [j] right on user_id = user_id strategy=auto',
      '    Scan [events] sample events columns=[event_id, user_id, ts, category, amount, qty]',
      "    Scan [users] sample users columns=[user_id, name, country, signup_date, age] filters=[country != 'ZZ']",
    ].join('\n'));
    const full = filter('f', join('j', scan('events', EVENTS), scan('users', USERS), 'full', ['user_id']), amountBig);
    expect(push(full).fired).toEqual([]);
  });

  it('renames _right columns back to the right input name', () => {
    const a = scan('a', { fields: [{ name: 'k', type: 'int32', nullable: true }, { name: 'v', type: 'int32', nullable: true }] });
    const b = scan('b', { fields: [{ name: 'k', type: 'int32', nullable: true }, { name: 'v', type: 'int32', nullable: true }] });
    const j = join('j', a, b, 'inner', ['k']);
    expect(j.schema.fields.map((f) => f.name)).toEqual(['k', 'v', 'v_right']);
    const out = text(filter('f', j, bin('>', col('v_right', 'int32'), lit(1))));
    expect(out).toContain('Scan [b] sample b columns=[k, v] filters=[v > 1]');
  });

  it('substitutes cheap derived columns through a project, not expensive ones', () => {
    const events = scan('events', EVENTS);
    const p = project('d', events, [
      { name: 'total', expr: bin('*', amount, col('qty', 'int32')) },
      { name: 'who', expr: col('user_id', 'int32') },
    ]);
    expect(text(filter('f', p, and(bin('>', col('total', 'float64'), lit(100)), bin('=', col('who', 'int32'), lit(3)))))).toBe([
      'Project [d] amount * qty AS total, user_id AS who',
      '  Scan [events] sample events columns=[event_id, user_id, ts, category, amount, qty] filters=[amount * qty > 100, user_id = 3]',
    ].join('\n'));
    const caseExpr = { kind: 'case' as const, whens: [{ when: amountBig, then: lit('big') }], otherwise: lit('small'), type: 'string' as const };
    const q = project('d', events, [{ name: 'size', expr: caseExpr }]);
    expect(push(filter('f', q, bin('=', col('size', 'string'), lit('big')))).fired).toEqual([]);
  });

  it('goes through sort and repartition, into both union inputs by position', () => {
    const s = sort('s', repartition('r', scan('events', EVENTS), 4), ['amount']);
    expect(text(filter('f', s, amountBig))).toBe([
      'Sort [s] amount',
      '  Repartition [r] 4 round-robin',
      '    Scan [events] sample events columns=[event_id, user_id, ts, category, amount, qty] filters=[amount > 10]',
    ].join('\n'));
    const x = project('x', scan('e1', EVENTS), [{ name: 'v', expr: amount }]);
    const y = project('y', scan('e2', EVENTS), [{ name: 'w', expr: bin('*', amount, lit(2.0, 'float64')) }]);
    const u = union('u', x, y, false);
    expect(text(filter('f', u, bin('>', col('v', 'float64'), lit(1))))).toBe([
      'Union [u] byPosition',
      '  Project [x] amount AS v',
      '    Scan [e1] sample e1 columns=[event_id, user_id, ts, category, amount, qty] filters=[amount > 1]',
      '  Project [y] amount * 2.0 AS w',
      '    Scan [e2] sample e2 columns=[event_id, user_id, ts, category, amount, qty] filters=[amount * 2.0 > 1]',
    ].join('\n'));
  });

  it('passes an aggregate and a distinct only with conjuncts on their keys', () => {
    const agg = aggregate('a', scan('users', USERS), ['country'], [{ fn: 'count', as: 'n' }]);
    expect(text(filter('f', agg, and(notZZ, bin('>', col('n', 'int64'), lit(5)))))).toBe([
      'Filter [f] n > 5',
      '  Aggregate [a] group=[country] count() AS n',
      "    Scan [users] sample users columns=[user_id, name, country, signup_date, age] filters=[country != 'ZZ']",
    ].join('\n'));
    const d = distinct('d', scan('users', USERS), ['country']);
    const r = text(filter('f', d, and(notZZ, bin('>', col('age', 'int32'), lit(30)))));
    expect(r.split('\n')[0]).toBe('Filter [f] age > 30');
    expect(r).toContain("filters=[country != 'ZZ']");
  });

  it('stops at a limit, a top-k sort and a shared sub-tree', () => {
    expect(push(filter('f', limit('l', scan('events', EVENTS), 5), amountBig)).fired).toEqual([]);
    expect(push(filter('f', sort('s', scan('events', EVENTS), ['amount'], 5), amountBig)).fired).toEqual([]);
    const events = scan('events', EVENTS);
    const roots = [sink('a', filter('f', events, amountBig)), sink('b', events)];
    const r = runRules(roots, [pushDownFilters]);
    expect(r.fired).toEqual([]);
    expect(r.roots).toBe(roots);
  });
});

describe('push-down-filters on semi/anti joins and self-unions', () => {
  it('pushes into the left input of semi and anti joins', () => {
    for (const type of ['semi', 'anti'] as const) {
      const j = join('j', scan('events', EVENTS), scan('users', USERS), type, ['user_id']);
      expect(text(filter('f', j, amountBig))).toBe([
        `Join [j] ${type} on user_id = user_id strategy=auto`,
        '  Scan [events] sample events columns=[event_id, user_id, ts, category, amount, qty] filters=[amount > 10]',
        '  Scan [users] sample users columns=[user_id, name, country, signup_date, age]',
      ].join('\n'));
    }
  });

  it('puts a filter above each use of a scan that feeds both union inputs', () => {
    const events = scan('events', EVENTS);
    expect(text(filter('f', union('u', events, events), amountBig))).toBe([
      'Union [u] byName',
      '  Filter [f] amount > 10',
      `    Scan [events] sample events columns=[event_id, user_id, ts, category, amount, qty]`,
      '  Filter [f] amount > 10',
      '    -> see [events]',
    ].join('\n'));
  });
});
