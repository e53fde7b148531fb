import { describe, expect, it } from 'vitest';
import { Engine } from './engine.ts';
import { upstreamDocument } from './preview-scope.ts';
import type { PipelineDocument } from '../document/document-types.ts';
import { PipelineError } from '../errors.ts';

// A join with a broken second input: the left side previews; the join itself names the broken node.
const doc: PipelineDocument = {
  version: 1, name: 'join',
  nodes: [
    { id: 'events', kind: 'source.sample', params: { dataset: 'events', rows: 100 } },
    { id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 50 } },
    { id: 'bad', kind: 'transform.filter', params: { condition: 'nope > 1' } },
    { id: 'j', kind: 'join', params: { type: 'inner', on: [{ left: 'user_id', right: 'user_id' }] } },
    { id: 'after', kind: 'transform.filter', params: { condition: 'also_nope' } },
  ],
  edges: [
    { from: 'users', to: 'bad' }, { from: 'events', to: 'j.left' }, { from: 'bad', to: 'j.right' }, { from: 'j', to: 'after' },
  ],
};

describe('Engine.preview scope', () => {
  it('keeps the node and its ancestors, with their edges', () => {
    expect(upstreamDocument(doc, 'j').nodes.map((n) => n.id)).toEqual(['events', 'users', 'bad', 'j']);
    expect(upstreamDocument(doc, 'j').edges).toHaveLength(3);
    expect(upstreamDocument(doc, 'events')).toMatchObject({ nodes: [doc.nodes[0]], edges: [] });
    expect(() => upstreamDocument(doc, 'missing')).toThrow("there is no node 'missing' to preview; pick one of: events, users, bad, j, after");
  });

  it('scopes a preview of one output port (node.port) to that node and its ancestors', () => {
    const split: PipelineDocument = {
      version: 1, name: 'split',
      nodes: [
        { id: 'houses', kind: 'source.sample', params: { dataset: 'houses', rows: 100 } },
        { id: 'parts', kind: 'feature.split', params: { fraction: 0.7, seed: 3 } },
        { id: 'later', kind: 'transform.filter', params: { condition: 'nope' } },
      ],
      edges: [{ from: 'houses', to: 'parts' }, { from: 'parts.test', to: 'later' }],
    };
    expect(upstreamDocument(split, 'parts.train').nodes.map((n) => n.id)).toEqual(['houses', 'parts']);
    expect(() => upstreamDocument(split, 'nowhere.train')).toThrow("there is no node 'nowhere.train' to preview");
  });

  it('previews a node whose siblings and consumers are broken; an upstream error names its node', async () => {
    const engine = new Engine({ threads: 1 });
    try {
      const out = await engine.preview(doc, 'events', { baseDir: '/nonexistent', limit: 7 });
      expect(out.batches.reduce((n, b) => n + b.numRows, 0)).toBe(7);
      const failed = await engine.preview(doc, 'j', { baseDir: '/nonexistent' }).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(PipelineError);
      expect((failed as PipelineError).issues.map((i) => i.nodeId)).toEqual(['bad']);
    } finally {
      await engine.close();
    }
  });
});
