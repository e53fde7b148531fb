import { describe, expect, it } from 'vitest';
import { compile } from '../compile.ts';
import type { PipelineDocument } from '../document/document-types.ts';
import { explainPhysical } from './explain-physical.ts';
import { planGraph } from './plan-graph.ts';

const at = { x: 0, y: 0 };
/** Events filtered and joined (shuffle, as requested; or auto) with users, then counted per country. */
function doc(strategy: 'shuffle' | 'auto'): PipelineDocument {
  return {
    version: 1, name: 'g', settings: { partitions: 4 },
    nodes: [
      { id: 'events', kind: 'source.sample', params: { dataset: 'events', rows: 5000 }, position: at },
      { id: 'big', kind: 'transform.filter', params: { condition: 'amount > 10' }, position: at },
      { id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 100 }, position: at },
      { id: 'j', kind: 'join', params: { type: 'inner', on: [{ left: 'user_id', right: 'user_id' }], strategy }, position: at },
      { id: 'per_country', kind: 'transform.aggregate',
        params: { groupBy: ['country'], aggregations: [{ fn: 'sum', column: 'amount', as: 'spent' }] }, position: at },
    ],
    edges: [
      { from: 'events', to: 'big' }, { from: 'big', to: 'j.left' }, { from: 'users', to: 'j.right' }, { from: 'j', to: 'per_country' },
    ],
  } as PipelineDocument;
}

async function graphOf(d: PipelineDocument) {
  const c = await compile(d, { baseDir: process.cwd(), physical: { target: { kind: 'run' } } });
  expect(c.issues).toEqual([]);
  return { graph: planGraph(c.physical!, c.rulesFired), text: explainPhysical(c.physical!), fired: c.rulesFired };
}

describe('planGraph', () => {
  it('has one box per stage of the text explain, with its operators, and an edge per stage input labelled by its exchange', async () => {
    const { graph, text } = await graphOf(doc('shuffle'));
    const headers = text.split('\n').filter((l) => l.startsWith('Stage '));
    expect(graph.stages.map((s) => `Stage ${s.id} [${s.partitions} partitions] -> ${s.output}`)).toEqual(headers);
    // Every operator line of the text is in its stage's box (root last, leaves first).
    for (const s of graph.stages) {
      const block = text.split(/\n(?=Stage )/)[s.id]!.split('\n').slice(1).map((l) => l.trim());
      expect([...s.operators.map((o) => o.label)].sort()).toEqual([...block].sort());
      expect(s.operators.at(-1)!.label).toBe(block[0]);
    }
    // Both join inputs shuffle on user_id into the join stage; the join stage shuffles on country.
    const join = graph.stages.find((s) => s.operators.some((o) => o.label.startsWith('Join [j]')))!;
    const into = graph.edges.filter((e) => e.to === join.id);
    expect(into.map((e) => [e.kind, e.keys, e.label])).toEqual([
      ['hash', ['user_id'], 'hash(user_id) 4→4'], ['hash', ['user_id'], 'hash(user_id) 4→4'],
    ]);
    expect(graph.edges.filter((e) => e.from === join.id).map((e) => e.label)).toEqual(['hash(country) 4→4']);
  });

  it("tags what the optimizer changed: the filter pushed into the scan, pruned columns; a requested strategy is not claimed", async () => {
    const { graph, fired } = await graphOf(doc('shuffle'));
    expect(fired).toEqual(expect.arrayContaining(['push-down-filters', 'prune-columns']));
    const changes = graph.stages.flatMap((s) => s.operators.flatMap((o) => o.changes.map((c) => `${o.nodeId} ${c.rule}: ${c.text}`)));
    expect(changes).toContain("events push-down-filters: filter 'big' pushed into the scan: amount > 10.0");
    expect(changes.some((c) => /^users prune-columns: reads 2 of 5 columns \(pruned: name, signup_date, age\)$/.test(c))).toBe(true);
    expect(changes.filter((c) => c.startsWith('j '))).toEqual([]);
  });

  it('names the join strategy the optimizer chose, with a broadcast edge', async () => {
    const { graph } = await graphOf(doc('auto'));
    const join = graph.stages.flatMap((s) => s.operators).find((o) => o.nodeId === 'j' && o.label.startsWith('Join'))!;
    expect(join.changes.map((c) => c.rule)).toEqual(['join-strategy']);
    expect(join.changes[0]!.text).toMatch(/^broadcast, build right: .*right ~.* < /);
    expect(graph.edges.some((e) => e.kind === 'broadcast' && e.label === 'broadcast to 4')).toBe(true);
  });
});
