// The studio compiles a document version once: the check on every edit, then a preview, an
// explain and a run of the same version all reuse that compile (the cache shared by the
// service's check and its engine); a moved node is the same version, an edited param is not.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PipelineDocument, RunEvent } from '../api.ts';
import { CompileCache } from '../../engine/compile-cache.ts';
import { StudioService } from './studio-service.ts';

let workspace: string;
let service: StudioService;
/** Counts every lookup, so the test sees that the engine asked the cache too, not only check. */
class CountingCache extends CompileCache {
  lookups = 0;
  override front(...args: Parameters<CompileCache['front']>): ReturnType<CompileCache['front']> {
    this.lookups++;
    return super.front(...args);
  }
}
const cache = new CountingCache();

beforeAll(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'tributary-compile-once-'));
  await writeFile(path.join(workspace, 'sales.csv'), 'region,amount\nnorth,5\nsouth,12\nnorth,20\n');
  service = new StudioService({ workspace, dataDir: path.join(workspace, '.tributary'), mode: 'browser', threads: 2, compileCache: cache });
});
afterAll(async () => {
  await service.close();
  await rm(workspace, { recursive: true, force: true });
});

const doc = (min: number, x = 0): PipelineDocument => ({
  version: 1, name: 'sales',
  nodes: [
    { id: 'sales', kind: 'source.csv', params: { path: 'sales.csv' }, position: { x, y: 0 } },
    { id: 'big', kind: 'transform.filter', params: { condition: `amount > ${min}` } },
    { id: 'save', kind: 'sink.csv', params: { path: 'out/big.csv' } },
  ],
  edges: [{ from: 'sales', to: 'big' }, { from: 'big', to: 'save' }],
});

function finished(runId: string): Promise<RunEvent> {
  return new Promise((resolve) => {
    const stop = service.subscribe((channel, payload) => {
      if (channel === 'run.event' && payload.runId === runId && payload.type === 'run.finished') { stop(); resolve(payload); }
    });
  });
}

it('check, preview, explain and run of one version compile it once', async () => {
  expect((await service.call('pipeline.check', { document: doc(10) })).issues).toEqual([]);
  await service.call('pipeline.check', { document: doc(10, 300) });
  const preview = await service.call('node.preview', { document: doc(10), nodeId: 'big' });
  expect(preview.rows).toHaveLength(2);
  const explained = await service.call('pipeline.explain', { document: doc(10) });
  expect(explained.optimized).toContain('big');
  const { runId } = await service.call('run.start', { document: doc(10, 300) });
  expect((await finished(runId)).type).toBe('run.finished');
  // Two checks, the preview, the explain and the run's own compile (the run also checks first).
  expect(cache.lookups).toBeGreaterThanOrEqual(6);
  expect(cache.compiles).toBe(1);

  // An edit is a new version: compiled once more, and the rows follow the edit.
  const edited = await service.call('node.preview', { document: doc(15), nodeId: 'big' });
  expect(edited.rows).toHaveLength(1);
  expect(cache.compiles).toBe(2);
});
