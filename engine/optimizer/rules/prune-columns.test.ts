import { describe, expect, it } from 'vitest';
import { pruneColumns } from './prune-columns.ts';
import { runRules } from '../optimizer.ts';
import { explainPlan } from '../../logical/explain.ts';
import type { LogicalPlan } from '../../logical/plan.ts';
import {
  EVENTS, USERS, aggregate, and, bin, col, distinct, filter, join, lit, ml, project, scan, schema, select, sink, sort, union,
} from '../plans.test-helper.ts';

const run = (...roots: LogicalPlan[]) => runRules(roots, [pruneColumns]);
const text = (root: LogicalPlan): string => explainPlan(run(root).roots[0]!);

describe('prune-columns', () => {
  it('narrows both scans of the example pipeline to the columns used after the join', () => {
    const events = scan('events', EVENTS, { filters: [bin('>', col('amount', 'float64'), lit(10))] });
    const users = scan('users', USERS, { filters: [bin('!=', col('country', 'string'), lit('ZZ'))] });
    const j = join('with_users', events, users, 'inner', ['user_id']);
    const agg = aggregate('by_country', j, ['country'], [
      { fn: 'sum', column: 'amount', as: 'revenue' }, { fn: 'count', as: 'orders' }, { fn: 'count_distinct', column: 'user_id', as: 'buyers' }]);
    const root = sink('save', sort('ranked', agg, [{ column: 'revenue', descending: true }]));
    const r = run(root);
    expect(r.fired).toEqual(['prune-columns']);
    expect(explainPlan(r.roots[0]!)).toBe([
      'Sink [save] parquet /data/out/save.parquet',
      '  Sort [ranked] revenue DESC',
      '    Aggregate [by_country] group=[country] sum(amount) AS revenue, count() AS orders, count_distinct(user_id) AS buyers',
      '      Join [with_users] inner on user_id = user_id strategy=auto',
      '        Scan [events] sample events columns=[user_id, amount] filters=[amount > 10]',
      "        Scan [users] sample users columns=[user_id, country] filters=[country != 'ZZ']",
    ].join('\n'));
    const j2 = (r.roots[0] as { input: { input: { input: LogicalPlan } } }).input.input.input;
    expect(j2.schema.fields.map((f) => f.name)).toEqual(['user_id', 'amount', 'country']);
  });

  it('keeps columns a filter reads, drops unused projections and aggregations', () => {
    const f = filter('f', scan('events', EVENTS), and(bin('>', col('qty', 'int32'), lit(1)), bin('>', col('amount', 'float64'), lit(0))));
    const p = project('p', f, [{ name: 'a2', expr: bin('*', col('amount', 'float64'), lit(2)) }, { name: 'c', expr: col('category', 'string') }]);
    const agg = aggregate('g', p, ['c'], [{ fn: 'count', as: 'n' }, { fn: 'sum', column: 'a2', as: 's' }]);
    expect(text(select('out', agg, ['c', 'n']))).toBe([
      'Project [out] c, n',
      '  Aggregate [g] group=[c] count() AS n',
      '    Project [p] category AS c',
      '      Filter [f] qty > 1 and amount > 0',
      '        Scan [events] sample events columns=[category, amount, qty]',
    ].join('\n'));
  });

  it('keeps one column for a count over a table and keeps _right names stable', () => {
    const n = aggregate('n', scan('events', EVENTS), [], [{ fn: 'count', as: 'rows' }]);
    expect(text(n)).toContain('Scan [events] sample events columns=[event_id]');
    const a = scan('a', schema('k:int32', 'v:int32', 'x:int32'));
    const b = scan('b', schema('k:int32', 'v:int32', 'y:int32'));
    const out = text(select('s', join('j', a, b, 'inner', ['k']), ['v_right']));
    expect(out).toContain('Scan [a] sample a columns=[k, v]');
    expect(out).toContain('Scan [b] sample b columns=[k, v]');
  });

  it('keeps the whole chain behind a repeated _right suffix', () => {
    const a = scan('a', schema('k:int32', 'v:int32', 'w:int32'));
    const b = scan('b', schema('k:int32', 'v:int32', 'v_right:int32', 'z:int32'));
    const j = join('j', a, b, 'inner', ['k']);
    expect(j.schema.fields.map((f) => f.name)).toEqual(['k', 'v', 'w', 'v_right', 'v_right_right', 'z']);
    const out = text(select('s', j, ['v_right_right']));
    expect(out).toContain('Scan [a] sample a columns=[k, v]');
    expect(out).toContain('Scan [b] sample b columns=[k, v, v_right]');
  });

  it('fits both union inputs to the same columns, by position', () => {
    const x = scan('x', schema('a:int32', 'b:string', 'c:float64'));
    const y = project('y', scan('z', schema('p:int32', 'q:string', 'r:float64')), [
      { name: 'p', expr: col('p', 'int32') }, { name: 'q', expr: col('q', 'string') }, { name: 'r', expr: col('r', 'float64') }]);
    expect(text(select('s', union('u', x, y, false), ['c']))).toBe([
      'Project [s] c',
      '  Union [u] byPosition',
      '    Scan [x] sample x columns=[c]',
      '    Project [y] r',
      '      Scan [z] sample z columns=[r]',
    ].join('\n'));
  });

  it('takes the needs of every consumer of a shared node', () => {
    const events = scan('events', EVENTS);
    const a = select('a', events, ['amount']);
    const b = select('b', events, ['qty']);
    const r = run(a, b);
    expect(explainPlan({ nodes: new Map(), sinks: [], leaves: r.roots })).toBe([
      'Project [a] amount',
      '  Scan [events] sample events columns=[amount, qty]',
      'Project [b] qty',
      '  -> see [events]',
    ].join('\n'));
  });

  it('does not fire where every column is used: sinks, ml stages, distinct on all columns', () => {
    const cases: LogicalPlan[] = [
      sink('s', scan('events', EVENTS)),
      select('p', ml('asm', 'feature.vectorAssembler', [scan('houses', schema('sqft:float64', 'age:int32'))],
        { inputCols: ['sqft'], outputCol: 'features' }, [{ name: 'features', type: 'vector', nullable: false }]), ['features']),
      select('p', distinct('d', scan('users', USERS)), ['country']),
      select('p', join('j', scan('a', schema('k:int32')), scan('b', schema('k:int32')), 'semi', ['k']), ['k']),
    ];
    for (const c of cases) {
      const r = run(c);
      expect(r.fired).toEqual([]);
      expect(r.roots[0]).toBe(c);
    }
  });
});
