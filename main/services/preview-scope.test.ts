// Preview compiles only what the previewed node needs: an error in another branch or downstream
// does not block it; an error upstream still does, and names its node and parameter.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../api.ts';
import { toApiError } from './api-error.ts';
import { StudioService } from './studio-service.ts';

let workspace: string;
let service: StudioService;

beforeAll(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'tributary-preview-scope-'));
  service = new StudioService({ workspace, dataDir: path.join(workspace, '.tributary'), mode: 'browser', threads: 2 });
});
afterAll(async () => {
  await service.close();
  await rm(workspace, { recursive: true, force: true });
});

/** users -> adults -> by_country -> save, and a second branch orders -> cheap; `broken` gets a
 *  parameter naming a column that does not exist. */
function doc(broken: 'adults' | 'by_country' | 'cheap'): PipelineDocument {
  const bad = (id: string, good: Record<string, unknown>, wrong: Record<string, unknown>) => (id === broken ? wrong : good);
  return {
    version: 1, name: 'scoped',
    nodes: [
      { id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 300 } },
      { id: 'adults', kind: 'transform.filter', params: bad('adults', { condition: 'age >= 18' }, { condition: 'agee >= 18' }) },
      { id: 'by_country', kind: 'transform.aggregate', params: bad('by_country',
        { groupBy: ['country'], aggregations: [{ fn: 'count', as: 'n' }] },
        { groupBy: ['countryy'], aggregations: [{ fn: 'count', as: 'n' }] }) },
      { id: 'save', kind: 'sink.csv', params: { path: 'output/by-country.csv' } },
      { id: 'orders', kind: 'source.sample', params: { dataset: 'events', rows: 200 } },
      { id: 'cheap', kind: 'transform.filter', params: bad('cheap', { condition: 'amount < 10' }, { condition: 'amountt < 10' }) },
    ],
    edges: [
      { from: 'users', to: 'adults' }, { from: 'adults', to: 'by_country' }, { from: 'by_country', to: 'save' },
      { from: 'orders', to: 'cheap' },
    ],
  };
}

const previewError = (document: PipelineDocument, nodeId: string) =>
  service.call('node.preview', { document, nodeId, limit: 10 }).then(() => undefined, (e: unknown) => toApiError(e));

describe('node.preview compiles only the previewed node and its upstream', () => {
  it('an error downstream does not block the nodes above it', async () => {
    const document = doc('by_country');
    // The whole document is broken (a run is refused) ...
    expect((await service.call('pipeline.check', { document })).issues[0]).toMatchObject({ nodeId: 'by_country' });
    // ... but the source and the filter above the broken aggregate preview their rows.
    const adults = await service.call('node.preview', { document, nodeId: 'adults', limit: 10 });
    expect(adults.rows).toHaveLength(10);
    const users = await service.call('node.preview', { document, nodeId: 'users', limit: 5 });
    expect(users.totalRows).toBe(300);
  });

  it('an error in another branch does not block this one', async () => {
    const document = doc('cheap');
    const preview = await service.call('node.preview', { document, nodeId: 'by_country', limit: 50 });
    expect(preview.schema.fields.map((f) => f.name)).toEqual(['country', 'n']);
    expect(preview.rows.length).toBeGreaterThan(1);
    expect((await service.call('node.preview', { document, nodeId: 'orders', limit: 3 })).rows).toHaveLength(3);
  });

  it('an error upstream still blocks, naming the node and the parameter', async () => {
    const err = await previewError(doc('adults'), 'by_country');
    expect(err?.issues?.[0]).toMatchObject({ nodeId: 'adults', param: 'condition' });
    expect(err?.message).toMatch(/agee/);
    // The previewed node itself broken: the same.
    expect((await previewError(doc('cheap'), 'cheap'))?.issues?.[0]).toMatchObject({ nodeId: 'cheap', param: 'condition' });
  });

  it('an unknown node still gets the error that lists the nodes', async () => {
    const err = await previewError(doc('cheap'), 'nope');
    expect(err?.message).toMatch(/no node 'nope'.*pick one of: users, adults, by_country, save, orders, cheap/);
  });
});
