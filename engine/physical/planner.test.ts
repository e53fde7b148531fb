import { describe, expect, it } from 'vitest';
import { planPhysical } from './planner.ts';
import { explainPhysical } from './explain-physical.ts';
import { decideJoin } from './plan-join.ts';
import { loadMlStages } from './plan-ml.ts';
import { mlStage } from '../ml/registry.ts';
import { aggregate, filter, limit, pipeline, sampleScan, sink, sort } from '../exec/plans.test-helper.ts';
import type { JoinNode, LogicalPlan } from '../logical/plan.ts';

function join(nodeId: string, left: LogicalPlan, right: LogicalPlan, type: JoinNode['type'], strategy: JoinNode['strategy'] = 'auto'): JoinNode {
  const rightFields = right.schema.fields.filter((f) => f.name !== 'user_id');
  return {
    op: 'join', nodeId, left, right, type, strategy, on: [{ left: 'user_id', right: 'user_id' }],
    schema: { fields: type === 'semi' || type === 'anti' ? left.schema.fields : [...left.schema.fields, ...rightFields] },
  };
}

describe('physical planner', () => {
  it('splits aggregate into partial, hash exchange on the keys, final', async () => {
    const ev = await sampleScan('events', 'events', 1000);
    const agg = aggregate('by_cat', filter('f', ev, 'qty > 1'), ['category'], [{ fn: 'sum', column: 'amount', as: 'total' }]);
    const text = explainPhysical(planPhysical(pipeline(agg), { partitions: 2, target: { kind: 'run' } }));
    expect(text).toBe([
      'Stage 0 [2 partitions] -> Exchange hash(category) 2 -> 2',
      '  Aggregate [by_cat] partial by category: sum(amount) as total',
      '    Filter [f] qty > 1',
      '      Scan [events] sample columns: event_id, user_id, ts, category, amount, qty',
      'Stage 1 [2 partitions] -> Count',
      '  Aggregate [by_cat] final by category: sum(amount) as total',
      '    Read [by_cat] stage 0 (Exchange hash(category) 2 -> 2)',
    ].join('\n'));
  });

  it('gathers a global aggregate and runs one partition in place', async () => {
    const ev = await sampleScan('events', 'events', 1000);
    const agg = aggregate('n', ev, [], [{ fn: 'count', as: 'rows' }]);
    const p2 = planPhysical(pipeline(agg), { partitions: 2, target: { kind: 'run' } });
    expect(p2.stages.map((s) => s.output.kind)).toEqual(['gather', 'discard']);
    const p1 = planPhysical(pipeline(agg), { partitions: 1, target: { kind: 'run' } });
    expect(p1.stages.map((s) => s.output.kind)).toEqual(['discard']);
  });

  it('sorts per partition then merges in one, with top-k, and writes sinks from the main thread', async () => {
    const ev = await sampleScan('events', 'events', 1000);
    const top = sort('top', ev, [{ column: 'amount', descending: true }], 10);
    const plan = planPhysical(pipeline(sink('save', top, 'parquet', '/tmp/x.parquet')), { partitions: 4, target: { kind: 'run' } });
    const text = explainPhysical(plan);
    expect(text).toContain('Sort [top] amount desc top 10 (per partition)');
    expect(text).toContain('MergeSorted [top] amount desc top 10');
    expect(plan.stages.map((s) => [s.partitions, s.output.kind, s.inMain])).toEqual([[4, 'gather', false], [1, 'gather', false], [1, 'sink', true]]);
  });

  it('limits per partition, then once after a gather', async () => {
    const ev = await sampleScan('events', 'events', 1000);
    const text = explainPhysical(planPhysical(pipeline(limit('l', ev, 5)), { partitions: 2, target: { kind: 'run' } }));
    expect(text).toContain('Limit [l] 5 (per partition)');
    expect(text).toMatch(/Stage 1 \[1 partition\] -> Count\n {2}Limit \[l\] 5\n/);
  });

  it('broadcasts a small right side and shuffles a full join', async () => {
    const ev = await sampleScan('events', 'events', 100_000);
    const users = await sampleScan('users', 'users', 1000);
    const inner = planPhysical(pipeline(join('j', ev, users, 'inner')), { partitions: 2, target: { kind: 'run' } });
    expect(inner.stages.map((s) => s.output.kind)).toEqual(['broadcast', 'discard']);
    expect(explainPhysical(inner)).toContain('Join [j] inner broadcast build=right on user_id = user_id');
    const full = planPhysical(pipeline(join('j', ev, users, 'full')), { partitions: 2, target: { kind: 'run' } });
    expect(explainPhysical(full)).toContain('Exchange hash(user_id) 2 -> 2');
    expect(full.stages.map((s) => s.output.kind)).toEqual(['hash', 'hash', 'discard']);
    const right = decideJoin(join('j', users, ev, 'right'), 10 * 1024 * 1024);
    expect(right).toEqual({ strategy: 'broadcast', buildSide: 'left' });
    expect(decideJoin(join('j', ev, users, 'inner', 'shuffle'), 1e9).strategy).toBe('shuffle');
    expect(decideJoin(join('j', ev, ev, 'inner'), 1000).strategy).toBe('shuffle');
  });

  it('computes a node read by two consumers once', async () => {
    const ev = await sampleScan('events', 'events', 1000);
    const f = filter('f', ev, 'qty > 1');
    const plan = planPhysical(pipeline(sink('a', f, 'csv', '/tmp/a.csv'), sink('b', f, 'csv', '/tmp/b.csv')), { partitions: 2, target: { kind: 'run' } });
    const scans = plan.stages.filter((s) => explainPhysical({ ...plan, stages: [s] }).includes('Scan'));
    expect(scans).toHaveLength(1);
    expect(scans[0]!.output.kind).toBe('forward');
  });

  it('refuses an ML kind the stage registry lacks, naming the node', async () => {
    const ev = await sampleScan('events', 'events', 100);
    const ml: LogicalPlan = { op: 'ml', nodeId: 'tf', kind: 'feature.hashingTF', inputs: [ev], ports: ['in'], params: {}, port: 'out', schema: ev.schema };
    expect(() => planPhysical(pipeline(ml), { partitions: 2, target: { kind: 'run' }, mlStages: mlStage }))
      .toThrow(/node 'tf': feature.hashingTF 'tf' cannot run yet: this build has no feature.hashingTF stage/);
    // The registry loads only for plans with ML nodes; a caller that plans one without it is told so.
    expect(await loadMlStages(pipeline(ev))).toBeUndefined();
    expect(() => planPhysical(pipeline(ml), { partitions: 2, target: { kind: 'run' } })).toThrow(/pass options.mlStages \(loadMlStages\(plan\)\)/);
  });
});
