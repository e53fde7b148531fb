import { describe, expect, it } from 'vitest';
import type { KindDef, PipelineDocument } from '../../main/api.ts';
import {
  addEdge, addNode, copyFragment, endpoint, freshId, moveNodes, pasteFragment, removeNodes, renameNode, setParam,
} from './doc-ops.ts';

const FILTER: KindDef = {
  kind: 'transform.filter', group: 'transform', title: 'Filter', doc: '',
  inputs: [{ name: 'in' }], outputs: [{ name: 'out' }],
  params: [{ name: 'condition', type: 'expression', required: true, doc: '' }],
};
const SAMPLE: KindDef = {
  kind: 'source.sample', group: 'source', title: 'Sample', doc: '', inputs: [], outputs: [{ name: 'out' }],
  params: [
    { name: 'dataset', type: 'enum', required: true, doc: '', options: ['events', 'users'] },
    { name: 'rows', type: 'integer', required: false, doc: '' },
    { name: 'seed', type: 'integer', required: false, default: 42, doc: '' },
  ],
};

const base: PipelineDocument = {
  version: 1, name: 't', nodes: [
    { id: 'src', kind: 'source.sample', params: { dataset: 'events' }, position: { x: 0, y: 0 } },
    { id: 'f', kind: 'transform.filter', params: { condition: 'qty > 1' }, position: { x: 200, y: 0 } },
    { id: 'j', kind: 'join', params: {}, position: { x: 400, y: 0 } },
  ],
  edges: [{ from: 'src', to: 'f' }, { from: 'f', to: 'j.left' }],
};

describe('document operations', () => {
  it('gives new nodes unused readable ids and required params', () => {
    expect(freshId(base, 'transform.filter')).toBe('filter_1');
    expect(freshId(base, 'sink.csv')).toBe('write_csv_1');
    expect(freshId(base, 'sink.parquet')).toBe('write_parquet_1');
    expect(freshId(base, 'source.csv')).toBe('csv_1');
    const doc = addNode(addNode(base, FILTER, { x: 1.4, y: 2.6 }), FILTER, { x: 0, y: 0 });
    expect(doc.nodes.slice(-2).map((n) => n.id)).toEqual(['filter_1', 'filter_2']);
    expect(doc.nodes[3]).toEqual({ id: 'filter_1', kind: 'transform.filter', params: { condition: '' }, position: { x: 1, y: 3 } });
    expect(addNode(base, SAMPLE, { x: 0, y: 0 }).nodes[3]!.params).toEqual({ dataset: 'events' });
  });

  it('removes a node with every edge that touches it', () => {
    const doc = removeNodes(base, new Set(['f']));
    expect(doc.nodes.map((n) => n.id)).toEqual(['src', 'j']);
    expect(doc.edges).toEqual([]);
  });

  it('keeps params in catalog order and drops cleared ones', () => {
    let doc = setParam(base, SAMPLE, 'src', 'seed', 7);
    doc = setParam(doc, SAMPLE, 'src', 'rows', 10);
    expect(Object.keys(doc.nodes[0]!.params)).toEqual(['dataset', 'rows', 'seed']);
    doc = setParam(doc, SAMPLE, 'src', 'rows', undefined);
    expect(doc.nodes[0]!.params).toEqual({ dataset: 'events', seed: 7 });
    expect(base.nodes[0]!.params).toEqual({ dataset: 'events' });
  });

  it('writes an endpoint bare only when the port is the only one', () => {
    expect(endpoint('f', 'in', [{ name: 'in' }])).toBe('f');
    expect(endpoint('j', 'right', [{ name: 'left' }, { name: 'right' }])).toBe('j.right');
    expect(addEdge(base, { from: 'src', to: 'f' })).toBe(base);
  });

  it('renames a node and the edges naming it, refusing clashes and bad ids', () => {
    const doc = renameNode(base, 'f', 'big');
    expect(doc.edges).toEqual([{ from: 'src', to: 'big' }, { from: 'big', to: 'j.left' }]);
    expect(renameNode(base, 'f', 'src')).toBe(base);
    expect(renameNode(base, 'f', '1bad')).toBe(base);
  });

  it('pastes a copy with fresh ids and the inner edges only', () => {
    const frag = copyFragment(base, new Set(['src', 'f']));
    expect(frag.edges).toEqual([{ from: 'src', to: 'f' }]);
    const { doc, ids } = pasteFragment(base, frag, { x: 40, y: 40 });
    expect(ids).toEqual(['sample_1', 'filter_1']);
    expect(doc.edges.slice(-1)).toEqual([{ from: 'sample_1', to: 'filter_1' }]);
    expect(doc.nodes.find((n) => n.id === 'filter_1')!.position).toEqual({ x: 240, y: 40 });
  });

  it('moves only the given nodes', () => {
    const doc = moveNodes(base, new Map([['j', { x: 5, y: 6 }]]));
    expect(doc.nodes[2]!.position).toEqual({ x: 5, y: 6 });
    expect(doc.nodes[0]).toBe(base.nodes[0]);
  });
});
