import { describe, expect, it } from 'vitest';
import type { KindDef, PipelineDocument } from '../../main/api.ts';
import { applyRunEvent, IDLE_RUN, startingRun } from '../run/run-state.ts';
import { toFlowEdges, toFlowNodes } from './to-flow.ts';

const defs: Record<string, KindDef> = {
  'source.sample': { kind: 'source.sample', group: 'source', title: 'Sample data', doc: '', inputs: [], outputs: [{ name: 'out' }], params: [] },
  join: { kind: 'join', group: 'join', title: 'Join', doc: '', inputs: [{ name: 'left' }, { name: 'right' }], outputs: [{ name: 'out' }], params: [] },
};
const kindDef = (k: string) => defs[k];
const doc: PipelineDocument = {
  version: 1, name: 't',
  nodes: [
    { id: 'a', kind: 'source.sample', params: { dataset: 'events' }, position: { x: 1, y: 2 } },
    { id: 'b', kind: 'source.sample', params: {} },
    { id: 'j', kind: 'join', params: {} },
  ],
  edges: [{ from: 'a', to: 'j.left' }, { from: 'b', to: 'j.right' }],
};
const schema = { fields: [{ name: 'user_id', type: 'int32' as const, nullable: false }] };

describe('canvas derived from the document', () => {
  it('gives each node its catalog ports, the schemas flowing through them, and its issues once', () => {
    const check = {
      issues: [{ nodeId: 'j', message: 'no keys' }, { nodeId: 'j', message: 'no keys' }, { message: 'document-level' }],
      ports: { 'a.out': schema },
    };
    const [a, , j] = toFlowNodes(doc, kindDef, check, IDLE_RUN, new Set(['j']));
    expect(a!.position).toEqual({ x: 1, y: 2 });
    expect(a!.data.outputs).toEqual([{ name: 'out', doc: undefined, schema }]);
    expect(j!.data.inputs.map((p) => [p.name, p.schema])).toEqual([['left', schema], ['right', undefined]]);
    expect(j!.data.issues).toEqual(['no keys']);
    expect(j!.selected).toBe(true);
    expect(a!.data.run).toBeUndefined();
  });

  it('maps bare and dotted endpoints to handles, and animates edges out of running nodes', () => {
    const run = applyRunEvent(startingRun(['a', 'b', 'j']), {
      type: 'node.progress', runId: 'r', nodeId: 'a', rows: 5, partitionsDone: 0, partitionsTotal: 2,
    });
    const edges = toFlowEdges(doc, kindDef, run, new Set());
    expect(edges.map((e) => [e.source, e.sourceHandle, e.target, e.targetHandle, e.animated])).toEqual([
      ['a', 'out', 'j', 'left', true],
      ['b', 'out', 'j', 'right', false],
    ]);
  });
});
