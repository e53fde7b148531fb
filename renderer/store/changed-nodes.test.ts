import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../main/api.ts';
import { changedNodes } from './changed-nodes.ts';

const doc: PipelineDocument = {
  version: 1, name: 'd',
  nodes: [
    { id: 'a', kind: 'source.sample', params: { dataset: 'users' }, position: { x: 0, y: 0 } },
    { id: 'f', kind: 'transform.filter', params: { condition: 'age > 1' }, position: { x: 1, y: 0 } },
  ],
  edges: [{ from: 'a', to: 'f.in' }],
};

describe('nodes an edit touched', () => {
  it('params changed, a new node, and a changed input count; a moved node does not', () => {
    const moved = { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: { x: 9, y: 9 } })) };
    expect(changedNodes(doc, moved)).toEqual([]);
    const edited = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'f' ? { ...n, params: { condition: 'age > 2' } } : n)) };
    expect(changedNodes(doc, edited)).toEqual(['f']);
    const unwired = { ...doc, edges: [] };
    expect(changedNodes(doc, unwired)).toEqual(['f']);
    const added = { ...doc, nodes: [...doc.nodes, { id: 'g', kind: 'transform.limit', params: { count: 1 } }] };
    expect(changedNodes(doc, added)).toEqual(['g']);
  });
});
