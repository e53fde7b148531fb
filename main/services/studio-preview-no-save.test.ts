// A preview has no side effects: previewing a node downstream of a fitting stage with saveTo fits
// the stage (the preview needs its output) but writes no model folder, through node.preview and
// node.previewCount alike; a run of the same document does write it. Real service, real engine.

import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../api.ts';
import { StudioService } from './studio-service.ts';

let workspace: string;
let service: StudioService;

beforeAll(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'tributary-preview-no-save-'));
  service = new StudioService({ workspace, dataDir: path.join(workspace, '.tributary'), mode: 'browser', threads: 2 });
});
afterAll(async () => {
  await service.close();
  await rm(workspace, { recursive: true, force: true });
});

const document: PipelineDocument = {
  version: 1, name: 'train',
  nodes: [
    { id: 'houses', kind: 'source.sample', params: { dataset: 'houses', rows: 3000, seed: 3 } },
    { id: 'idx', kind: 'feature.stringIndexer', params: { inputCol: 'neighborhood', outputCol: 'hood', saveTo: 'models/hood' } },
    { id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols: ['sqft', 'bedrooms', 'hood'] } },
    { id: 'lin', kind: 'model.linearRegression', params: { labelCol: 'price', saveTo: 'models/lin' } },
    { id: 'cheap', kind: 'transform.filter', params: { condition: 'prediction < 300000' } },
    { id: 'out', kind: 'sink.parquet', params: { path: 'scored.parquet' } },
  ],
  edges: [{ from: 'houses', to: 'idx' }, { from: 'idx', to: 'asm' }, { from: 'asm', to: 'lin.train' }, { from: 'lin', to: 'cheap' }, { from: 'cheap', to: 'out' }],
};

const leftovers = (): string[] => readdirSync(workspace).filter((n) => n !== '.tributary');

describe('a preview downstream of saveTo', () => {
  it('fits the stages but writes no model folder (node.preview and node.previewCount)', async () => {
    for (const nodeId of ['lin', 'cheap', 'asm']) {
      const preview = await service.call('node.preview', { document, nodeId, limit: 20 });
      expect(preview.rows.length).toBeGreaterThan(0);
      const count = await service.call('node.previewCount', { document, nodeId });
      expect(count.totalRows).toBeGreaterThan(0);
    }
    expect(existsSync(path.join(workspace, 'models'))).toBe(false);
    // Nor a temporary folder, nor the sink's file.
    expect(leftovers()).toEqual([]);
  });

  it('a run of the same document does save both folders', async () => {
    const { runId } = await service.call('run.start', { document });
    expect(await settled(runId)).toBe('COMPLETED');
    expect(existsSync(path.join(workspace, 'models/lin/metadata'))).toBe(true);
    expect(existsSync(path.join(workspace, 'models/hood/metadata'))).toBe(true);
  });
});

/** The run's final state, from the service's history events (after the store has it). */
function settled(runId: string): Promise<string> {
  return new Promise((resolve) => {
    const stop = service.subscribe((channel, payload) => {
      if (channel !== 'history' || payload.runId !== runId) return;
      if (['COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED'].includes(payload.state)) { stop(); resolve(payload.state); }
    });
  });
}
