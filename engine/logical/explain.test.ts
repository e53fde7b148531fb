import { describe, expect, it } from 'vitest';
import { explainPlan } from './explain.ts';
import {
  EVENTS, USERS, aggregate, bin, col, filter, join, lit, pipeline, scan, sink, sort,
} from '../optimizer/plans.test-helper.ts';
import type { JoinNode } from './plan.ts';

describe('explainPlan', () => {
  it('prints one indented line per node with ids, expressions, paths relative to baseDir', () => {
    const events = scan('events', EVENTS, { columns: ['user_id', 'amount'], filters: [bin('>', col('amount', 'float64'), lit(10))] });
    const users = scan('users', USERS);
    const j: JoinNode = {
      ...join('with_users', events, users, 'inner', ['user_id']),
      chosen: { strategy: 'broadcast', buildSide: 'right', reason: 'right side ~40 KB < 10 MB' },
    };
    const agg = aggregate('by_country', j, ['country'], [{ fn: 'sum', column: 'amount', as: 'revenue' }, { fn: 'count', as: 'orders' }]);
    const ranked = sort('ranked', agg, [{ column: 'revenue', descending: true }]);
    const text = explainPlan(pipeline(sink('save', ranked, '/base/out/revenue.parquet')), { baseDir: '/base' });
    expect(text).toBe([
      'Sink [save] parquet out/revenue.parquet',
      '  Sort [ranked] revenue DESC',
      '    Aggregate [by_country] group=[country] sum(amount) AS revenue, count() AS orders',
      '      Join [with_users] inner on user_id = user_id strategy=broadcast(right): right side ~40 KB < 10 MB',
      '        Scan [events] sample events columns=[user_id, amount] filters=[amount > 10]',
      '        Scan [users] sample users columns=[user_id, name, country, signup_date, age]',
    ].join('\n'));
  });

  it('prints a shared sub-tree once and refers to it afterwards', () => {
    const events = scan('events', EVENTS);
    const big = filter('big', events, bin('>', col('amount', 'float64'), lit(10)));
    const a = sink('a', big, '/x/a.parquet');
    const b = sink('b', sort('s', big, ['amount']), '/x/b.parquet');
    expect(explainPlan(pipeline(a, b))).toBe([
      'Sink [a] parquet /x/a.parquet',
      '  Filter [big] amount > 10',
      '    Scan [events] sample events columns=[event_id, user_id, ts, category, amount, qty]',
      'Sink [b] parquet /x/b.parquet',
      '  Sort [s] amount',
      '    -> see [big]',
    ].join('\n'));
  });

  it('shows a sink\'s partitioning and refusing mode', () => {
    const s = { ...sink('save', scan('events', EVENTS), '/b/out'), options: { path: '/b/out', partitionBy: ['category'], mode: 'error' } };
    expect(explainPlan(s, { baseDir: '/b' }).split('\n')[0]).toBe('Sink [save] parquet out partitionBy=[category] mode=error');
  });

  it('shows non-default null ordering and the requested join strategy before one is chosen', () => {
    const events = scan('events', EVENTS);
    const s = sort('s', events, [{ column: 'amount', descending: true, nullsFirst: true }, 'qty'], 5);
    expect(explainPlan(s).split('\n')[0]).toBe('Sort [s] amount DESC NULLS FIRST, qty limit=5');
    const j = join('j', events, scan('users', USERS), 'left', ['user_id'], 'shuffle');
    expect(explainPlan(j).split('\n')[0]).toBe('Join [j] left on user_id = user_id strategy=shuffle');
  });
});
