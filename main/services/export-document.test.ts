// pipeline.export and pipeline.exportTargets through the StudioService, with the request schema
// the adapters apply: an unsaved document exports, the file name comes from the pipeline name,
// a broken document and an unknown target are refused with their reasons.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PipelineDocument } from '../api.ts';
import { parseRequest } from '../api-schema.ts';
import { toApiError } from './api-error.ts';
import { StudioService } from './studio-service.ts';

let workspace: string;
let service: StudioService;

beforeAll(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'tributary-export-'));
  service = new StudioService({ workspace, dataDir: path.join(workspace, '.tributary'), mode: 'browser', threads: 1 });
});
afterAll(async () => {
  await service.close();
  await rm(workspace, { recursive: true, force: true });
});

const doc: PipelineDocument = {
  version: 1, name: 'Big spenders / 2024',
  nodes: [
    { id: 'events', kind: 'source.sample', params: { dataset: 'events', rows: 100 }, position: { x: 0, y: 0 } },
    { id: 'big', kind: 'transform.filter', params: { condition: 'amount > 100' } },
  ],
  edges: [{ from: 'events', to: 'big' }],
};

it('lists the export targets', async () => {
  const targets = await service.call('pipeline.exportTargets', parseRequest('pipeline.exportTargets', {}));
  expect(targets.map((t) => t.key)).toContain('ts');
  expect(targets.find((t) => t.key === 'ts')).toMatchObject({ extension: '.ts' });
});

it('exports an unsaved document, naming the file after the pipeline', async () => {
  const r = await service.call('pipeline.export', parseRequest('pipeline.export', { document: doc, target: 'ts' }));
  expect(r.fileName).toBe('Big-spenders-2024.ts');
  expect(r.code).toContain("const big = events.filter('amount > 100', { id: 'big' });");
  expect(r.code).not.toContain(workspace);
});

it('names only the file of a saved document in the header, never its folder', async () => {
  const r = await service.call('pipeline.export', { document: doc, target: 'ts', path: 'deep/folder/spenders.json' });
  expect(r.code.split('\n')[0]).toBe('// Big spenders / 2024: exported from spenders.json by `tributary export --to ts`.');
});

it('refuses a broken document with its issues and an unknown target with the list', async () => {
  const broken = { ...doc, nodes: [...doc.nodes, { id: 'lost', kind: 'transform.filtr', params: {} }] };
  const err = toApiError(await service.call('pipeline.export', { document: broken, target: 'ts' }).then(() => undefined, (e: unknown) => e));
  expect(err.issues?.[0]).toMatchObject({ nodeId: 'lost' });
  expect(err.message).toContain("unknown kind 'transform.filtr'");
  await expect(service.call('pipeline.export', { document: doc, target: 'cobol' })).rejects.toThrow(/unknown export target 'cobol': the targets are ts/);
  expect(() => parseRequest('pipeline.export', { document: doc })).toThrow(/target/);
});
