import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../../main/api.ts';
import { documentDiff } from './doc-diff.ts';

const ran: PipelineDocument = {
  version: 1, name: 'p', settings: { partitions: 2 },
  nodes: [{ id: 'a', kind: 'source.sample', params: { rows: 10 } }, { id: 'f', kind: 'transform.filter', params: { condition: 'x > 1' } }],
  edges: [{ from: 'a', to: 'f' }],
};

describe('documentDiff', () => {
  it('is empty for the same document', () => {
    expect(documentDiff(ran, structuredClone(ran))).toEqual([]);
  });

  it('names nodes added and removed, params, edges and settings changed', () => {
    const now: PipelineDocument = {
      ...ran, settings: { partitions: 4 },
      nodes: [{ id: 'a', kind: 'source.sample', params: { rows: 20 } }, { id: 's', kind: 'sink.csv', params: { path: 'o.csv' } }],
      edges: [{ from: 'a', to: 's' }],
    };
    expect(documentDiff(ran, now)).toEqual([
      "node 's' (sink.csv) added", "node 'f' (transform.filter) removed", "node 'a': rows 10 -> 20",
      'edge a -> s added', 'edge a -> f removed', 'settings.partitions 2 -> 4',
    ]);
  });
});
