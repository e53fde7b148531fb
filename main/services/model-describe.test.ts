// model.describe over the real service: a model saved by a studio run (saveTo) is described with
// the numbers that run fitted, its Spark class and version, and the run that saved it as the
// history has it; a path outside the workspace, a node that is not a model.load and a folder that
// is not a model are refused with the node and the reason.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../api.ts';
import { StudioService } from './studio-service.ts';

let workspace: string;
let service: StudioService;

beforeAll(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'tributary-model-describe-'));
  service = new StudioService({ workspace, dataDir: path.join(workspace, '.tributary'), mode: 'browser', threads: 2 });
});
afterAll(async () => {
  await service.close();
  await rm(workspace, { recursive: true, force: true });
});

const training: PipelineDocument = {
  version: 1, name: 'train prices',
  nodes: [
    { id: 'houses', kind: 'source.sample', params: { dataset: 'houses', rows: 2000, seed: 9 } },
    { id: 'idx', kind: 'feature.stringIndexer', params: { inputCol: 'neighborhood', outputCol: 'hood', saveTo: 'models/hood' } },
    { id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols: ['sqft', 'bedrooms', 'hood'] } },
    { id: 'lin', kind: 'model.linearRegression', params: { labelCol: 'price', saveTo: 'models/lin' } },
    { id: 'out', kind: 'sink.parquet', params: { path: 'fitted.parquet' } },
  ],
  edges: [{ from: 'houses', to: 'idx' }, { from: 'idx', to: 'asm' }, { from: 'asm', to: 'lin.train' }, { from: 'lin', to: 'out' }],
};
const loading = (folder: string): PipelineDocument => ({
  version: 1, name: 'score',
  nodes: [{ id: 'houses', kind: 'source.sample', params: { dataset: 'houses', rows: 10 } }, { id: 'load', kind: 'model.load', params: { path: folder } }],
  edges: [{ from: 'houses', to: 'load.score' }],
});

/** The run's final state, from the history events (after the store has it). */
function settled(runId: string): Promise<string> {
  return new Promise((resolve) => {
    const stop = service.subscribe((channel, payload) => {
      if (channel !== 'history' || payload.runId !== runId) return;
      if (['COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED'].includes(payload.state)) { stop(); resolve(payload.state); }
    });
  });
}

describe('model.describe', () => {
  it('describes a saved model with the fitted numbers and the run that saved it', async () => {
    const { runId } = await service.call('run.start', { document: training, path: 'train.json' });
    expect(await settled(runId)).toBe('COMPLETED');
    const run = await service.call('history.get', { runId });
    const fitted = run.models.find((m) => m.nodeId === 'lin')!.summary;

    const lin = await service.call('model.describe', { document: loading('models/lin'), nodeId: 'load' });
    expect(lin).toMatchObject({ path: path.join(workspace, 'models/lin'), className: 'org.apache.spark.ml.regression.LinearRegressionModel', sparkVersion: '4.0.0' });
    expect(lin.origin).toEqual({ runId, nodeId: 'lin', kind: 'model.linearRegression' });
    expect(lin.runs[runId]).toMatchObject({ pipelineName: 'train prices', state: 'COMPLETED', trigger: 'studio', pipeline: path.join(workspace, 'train.json') });
    expect(lin.stages).toHaveLength(1);
    expect(lin.stages[0]!.model!.summary).toEqual({ coefficients: fitted.coefficients, intercept: fitted.intercept });
    expect((fitted.coefficients as number[]).length).toBe(3);

    const hood = await service.call('model.describe', { document: loading('models/hood'), nodeId: 'load' });
    expect(hood.stages[0]!.kind).toBe('feature.stringIndexer');
    expect(hood.stages[0]!.params).toMatchObject({ inputCol: 'neighborhood', outputCol: 'hood' });
    expect((hood.stages[0]!.model!.state as { labels: string[] }).labels.length).toBe(run.models.find((m) => m.nodeId === 'idx')!.summary.labels);
  }, 60_000);

  it('refuses a path outside the workspace, another kind, and a folder that is no model', async () => {
    await expect(service.call('model.describe', { document: loading('/etc'), nodeId: 'load' })).rejects.toThrow(/model.load 'load': param 'path': .*\/etc/);
    await expect(service.call('model.describe', { document: loading('models/lin'), nodeId: 'houses' })).rejects.toThrow(/node 'houses' is a source.sample, not a model.load/);
    await expect(service.call('model.describe', { document: loading('.'), nodeId: 'load' })).rejects.toThrow(/param 'path': .*not a Spark model folder/);
  });
});
