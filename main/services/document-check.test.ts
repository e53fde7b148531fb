// The studio's side of the one document check: requests pass parseRequest (main/api-schema.ts)
// and the service as a socket call does; files.open reads a file with the same parseDocument the
// CLI uses. The same four documents the CLI refuses (main/cli/document-check.test.ts) are refused
// here with the same messages, and a file the CLI accepts (no `params`) opens in the studio too.

import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallChannel, CallRequest, PipelineDocument } from '../api.ts';
import { parseRequest } from '../api-schema.ts';
import { toApiError } from './api-error.ts';
import { StudioService } from './studio-service.ts';

let workspace: string;
let service: StudioService;
beforeAll(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'tributary-doccheck-'));
  service = new StudioService({ workspace, dataDir: path.join(workspace, '.tributary'), mode: 'browser', threads: 1 });
});
afterAll(async () => {
  await service.close();
  await rm(workspace, { recursive: true, force: true });
});

/** One call as the socket makes it: the request checked first, then the service. */
function call<C extends CallChannel>(channel: C, request: unknown): Promise<unknown> {
  return service.call(channel, parseRequest(channel, request) as CallRequest<C>);
}

const users = { id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 50 } };
const save = (id: string): object => ({ id, kind: 'sink.csv', params: { path: 'out/studio.csv' } });
const doc = (nodes: object[], edges: object[]): PipelineDocument => ({ version: 1, name: 'p', nodes, edges } as unknown as PipelineDocument);

const CASES: [string, PipelineDocument, string][] = [
  ['a repeated id', doc([users, { ...users, params: { dataset: 'events' } }, save('out')], [{ from: 'users', to: 'out' }]),
    "duplicate node id 'users' (node 2)"],
  ['an invalid id', doc([users, save('9bad')], [{ from: 'users', to: '9bad' }]), "invalid id '9bad' (node 2)"],
  ['a misspelled field', doc([{ ...users, postion: { x: 0, y: 0 } }, save('out')], [{ from: 'users', to: 'out' }]),
    "unknown field 'postion' in node 'users': did you mean 'position'?"],
  ['an extra edge field', doc([users, save('out')], [{ from: 'users', to: 'out', label: 'x' }]), "unknown field 'label' in edge 1"],
];

describe('one document check in the studio', () => {
  for (const [name, document, message] of CASES) {
    it(`reports ${name} from pipeline.check and refuses run.start`, async () => {
      const checked = await call('pipeline.check', { document }) as { issues: { message: string }[] };
      expect(checked.issues.map((i) => i.message)).toEqual([expect.stringContaining(message)]);
      const refused = await call('run.start', { document }).catch((e: unknown) => toApiError(e));
      expect(refused).toMatchObject({ issues: [{ message: expect.stringContaining(message) }] });
      expect(existsSync(path.join(workspace, 'out', 'studio.csv'))).toBe(false);
    });
  }

  it('refuses an unreadable document at the request with the engine\'s message', () => {
    expect(() => parseRequest('pipeline.check', { document: { version: 1, name: 'p', nodes: [], edges: {} } }))
      .toThrow(/document edges: expected a list of edges/);
    expect(() => parseRequest('pipeline.check', { document: { version: 2, name: 'p', nodes: [], edges: [] } }))
      .toThrow(/version/);
  });

  it('opens what the CLI opens: a node without params, and a file with problems as it is', async () => {
    await writeFile(path.join(workspace, 'bare.json'), JSON.stringify({ version: 1, name: 'bare',
      nodes: [{ id: 'u', kind: 'source.sample', params: { dataset: 'users' } }, { id: 'd', kind: 'transform.distinct' }],
      edges: [{ from: 'u', to: 'd' }] }));
    const bare = await call('files.open', { path: 'bare.json' }) as { document: PipelineDocument };
    expect(bare.document.nodes[1]).toEqual({ id: 'd', kind: 'transform.distinct', params: {} });
    expect((await call('pipeline.check', { document: bare.document }) as { issues: unknown[] }).issues).toEqual([]);
    await writeFile(path.join(workspace, 'dup.json'), JSON.stringify(CASES[0]![1]));
    const dup = await call('files.open', { path: 'dup.json' }) as { document: PipelineDocument };
    // Both nodes kept, so the user sees the repeat and fixes it; nothing of the file is dropped.
    expect(dup.document.nodes.map((n) => n.params.dataset)).toEqual(['users', 'events', undefined]);
  });
});
