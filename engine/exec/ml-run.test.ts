// Feature and model stages run end to end through the Engine: the same rows (order aside) and the
// same fitted models at 1 partition inline, 4 partitions on the worker pool (batches and the
// model cross threads) and 3 partitions spilling every exchange to disk (the model batch too).

import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Engine } from './engine.ts';
import type { RunEvent } from './events.ts';
import type { DocumentEdge, DocumentNode, PipelineDocument } from '../document/document-types.ts';
import type { FittedModel } from '../ml/stage.ts';
import { NodeExecutionError } from '../errors.ts';
import { difference, rowsOf, sortedBy, type Row } from './ml-compare.test-helper.ts';

const engine = new Engine({ threads: 2 });
afterAll(async () => { await engine.close(); });

interface Variant { readonly name: string; readonly partitions: number; readonly mode: 'inline' | 'pool'; readonly memoryBudgetMB?: number }
const VARIANTS: readonly Variant[] = [
  { name: '1 partition inline', partitions: 1, mode: 'inline' },
  { name: '4 partitions on the pool', partitions: 4, mode: 'pool' },
  { name: '3 partitions inline, every exchange spilled', partitions: 3, mode: 'inline', memoryBudgetMB: 1e-6 },
];

/** Houses with holes: sqft_n is null in every 7th row, age_n in every 5th. */
const HOUSES: readonly DocumentNode[] = [
  { id: 'houses', kind: 'source.sample', params: { dataset: 'houses', rows: 3000, seed: 11 } },
  { id: 'holes', kind: 'transform.derive', params: { columns: [
    { name: 'sqft_n', expr: 'if(house_id % 7 = 0, null, sqft)' },
    { name: 'age_n', expr: 'if(house_id % 5 = 0, null, age)' },
  ] } },
];

function doc(nodes: readonly DocumentNode[], edges: readonly DocumentEdge[]): PipelineDocument {
  return { version: 1, name: 'ml', nodes: [...HOUSES, ...nodes], edges: [{ from: 'houses', to: 'holes' }, ...edges] };
}

interface Output { readonly rows: Row[]; readonly total: number; readonly models: Record<string, FittedModel> }

async function outputOf(d: PipelineDocument, nodeId: string, v: Variant): Promise<Output> {
  const models: Record<string, FittedModel> = {};
  const withBudget = v.memoryBudgetMB ? { ...d, settings: { ...d.settings, memoryBudgetMB: v.memoryBudgetMB } } : d;
  const onEvent = (e: RunEvent): void => {
    if (e.type !== 'model.fitted') return;
    expect(models[e.model.nodeId], `model.fitted twice for ${e.model.nodeId}`).toBeUndefined();
    models[e.model.nodeId] = e.model;
  };
  const out = await engine.preview(withBudget, nodeId, { baseDir: tmpdir(), partitions: v.partitions, mode: v.mode, limit: 1e9, onEvent });
  return { rows: rowsOf(out.batches), total: out.totalRows, models };
}

/** Previews `nodeId` in every variant; expects the first variant's rows (sorted by `key`) and models. */
async function sameInEveryVariant(d: PipelineDocument, nodeId: string, key: string): Promise<Output> {
  const first = await outputOf(d, nodeId, VARIANTS[0]!);
  for (const v of VARIANTS.slice(1)) {
    const other = await outputOf(d, nodeId, v);
    expect(other.total, v.name).toBe(first.total);
    expect(difference(sortedBy(other.rows, key), sortedBy(first.rows, key)), `rows, ${v.name}`).toBeUndefined();
    expect(Object.keys(other.models).sort(), v.name).toEqual(Object.keys(first.models).sort());
    expect(difference(other.models, first.models), `models, ${v.name}`).toBeUndefined();
  }
  return first;
}

/** Spill folders of runs still on disk (SpillStore names them tributary-run-<runId>-...). */
function spillFolders(): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith('tributary-run-mlfail'));
}

describe('ML stages through the Engine', () => {
  it('feature.imputer (mean, median, mode): same rows and surrogates for any partitions; one model.fitted', async () => {
    for (const strategy of ['mean', 'median', 'mode']) {
      const d = doc(
        [{ id: 'imp', kind: 'feature.imputer', params: { inputCols: ['sqft_n', 'age_n'], outputCols: ['sqft_i', 'age_i'], strategy } }],
        [{ from: 'holes', to: 'imp' }],
      );
      const out = await sameInEveryVariant(d, 'imp', 'house_id');
      expect(out.total).toBe(3000);
      expect(Object.keys(out.models)).toEqual(['imp']);
      expect(out.models['imp']!.kind).toBe('feature.imputer');
      // Every hole is filled with the one surrogate; other rows keep their value.
      const filled = out.rows.filter((r) => r['sqft_n'] === null).map((r) => r['sqft_i']);
      expect(filled.length).toBeGreaterThan(400);
      expect(new Set(filled).size).toBe(1);
      expect(out.rows.every((r) => r['sqft_n'] === null || r['sqft_i'] === r['sqft_n'])).toBe(true);
      expect(out.rows.every((r) => r['age_i'] !== null)).toBe(true);
    }
  });

  it('feature.vectorAssembler (skip, keep) after an imputer: same rows for any partitions; no model of its own', async () => {
    for (const handleInvalid of ['skip', 'keep']) {
      const d = doc([
        { id: 'imp', kind: 'feature.imputer', params: { inputCols: ['sqft_n'], outputCols: ['sqft_i'], strategy: 'median' } },
        { id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols: ['sqft_i', 'bedrooms', 'age_n'], handleInvalid } },
      ], [{ from: 'holes', to: 'imp' }, { from: 'imp', to: 'asm' }]);
      const out = await sameInEveryVariant(d, 'asm', 'house_id');
      expect(Object.keys(out.models)).toEqual(['imp']);
      const holes = 3000 / 5;
      expect(out.total).toBe(handleInvalid === 'skip' ? 3000 - holes : 3000);
      const kept = out.rows.find((r) => r['age_n'] === null);
      if (handleInvalid === 'keep') expect((kept!['features'] as number[])[2]).toBeNaN();
      const full = out.rows.find((r) => r['age_n'] !== null)!;
      expect(full['features']).toEqual([full['sqft_i'], full['bedrooms'], full['age_n']]);
    }
  });

  it('feature.split: train + test = the input, disjoint, the same rows for any partitions', async () => {
    const d = doc([{ id: 'parts', kind: 'feature.split', params: { ratios: [0.7, 0.3], seed: 5 } }], [{ from: 'holes', to: 'parts' }]);
    const train = await sameInEveryVariant(d, 'parts.train', 'house_id');
    const test = await sameInEveryVariant(d, 'parts.test', 'house_id');
    const ids = (o: Output): number[] => o.rows.map((r) => r['house_id'] as number);
    const both = new Set([...ids(train), ...ids(test)]);
    expect(train.total + test.total).toBe(3000);
    expect(both.size).toBe(3000);
    expect(Math.abs(train.total / 3000 - 0.7)).toBeLessThan(0.05);
    expect(train.models).toEqual({});
    // A row keeps its values on its side.
    const input = await outputOf(d, 'holes', VARIANTS[0]!);
    const byId = new Map(input.rows.map((r) => [r['house_id'], r]));
    expect(test.rows.every((r) => difference(r, byId.get(r['house_id'])) === undefined)).toBe(true);
  });

  it('model.linearRegression fitted on train, applied on a score input: same predictions and model for any partitions', async () => {
    const d = doc([
      { id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols: ['sqft', 'bedrooms', 'bathrooms', 'age'] } },
      { id: 'parts', kind: 'feature.split', params: { ratios: [0.8, 0.2], seed: 42 } },
      { id: 'lr', kind: 'model.linearRegression', params: { labelCol: 'price' } },
    ], [
      { from: 'holes', to: 'asm' }, { from: 'asm', to: 'parts' },
      { from: 'parts.train', to: 'lr.train' }, { from: 'parts.test', to: 'lr.score' },
    ]);
    const out = await sameInEveryVariant(d, 'lr', 'house_id');
    const test = await outputOf(d, 'parts.test', VARIANTS[0]!);
    // The scored rows are the test rows, with a prediction each.
    expect(out.total).toBe(test.total);
    expect(sortedBy(out.rows, 'house_id').map((r) => r['house_id'])).toEqual(sortedBy(test.rows, 'house_id').map((r) => r['house_id']));
    expect(Object.keys(out.models)).toEqual(['lr']);
    const model = out.models['lr']!;
    expect(model.kind).toBe('model.linearRegression');
    // The sample's prices come from 150 per sqft plus noise: the fit must find about that.
    const coefficients = model.summary['coefficients'] as number[];
    expect(coefficients).toHaveLength(4);
    expect(coefficients[0]).toBeGreaterThan(140);
    expect(coefficients[0]).toBeLessThan(160);
    const errors = out.rows.map((r) => Math.abs((r['prediction'] as number) - (r['price'] as number)));
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(40_000);
  });

  it('a chain of every feature estimator (stringIndexer, oneHotEncoder, standardScaler, minMaxScaler) and bucketizer', async () => {
    const d = doc([
      { id: 'idx', kind: 'feature.stringIndexer', params: { inputCol: 'neighborhood', outputCol: 'hood_idx' } },
      { id: 'hot', kind: 'feature.oneHotEncoder', params: { inputCol: 'hood_idx', outputCol: 'hood_vec' } },
      { id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols: ['sqft', 'age', 'hood_vec'], outputCol: 'raw' } },
      { id: 'std', kind: 'feature.standardScaler', params: { inputCol: 'raw', outputCol: 'scaled', withMean: true } },
      { id: 'mm', kind: 'feature.minMaxScaler', params: { inputCol: 'scaled', outputCol: 'unit' } },
      { id: 'size', kind: 'feature.bucketizer', params: { inputCol: 'sqft', outputCol: 'size', splits: [0, 1500, 3000, 5000] } },
    ], [
      { from: 'holes', to: 'idx' }, { from: 'idx', to: 'hot' }, { from: 'hot', to: 'asm' },
      { from: 'asm', to: 'std' }, { from: 'std', to: 'mm' }, { from: 'mm', to: 'size' },
    ]);
    const out = await sameInEveryVariant(d, 'size', 'house_id');
    expect(out.total).toBe(3000);
    expect(Object.keys(out.models).sort()).toEqual(['hot', 'idx', 'mm', 'std']);
    // minMaxScaler maps every element of the fitted rows onto [0, 1], reaching both ends.
    const units = out.rows.flatMap((r) => r['unit'] as number[]);
    expect(Math.min(...units)).toBe(0);
    expect(Math.max(...units)).toBe(1);
    expect(new Set(out.rows.map((r) => r['size'])).size).toBe(3);
  });

  it('model.logisticRegression on train, scored on test, evaluated (areaUnderROC, accuracy): same rows and models for any partitions', async () => {
    const d = doc([
      { id: 'labelled', kind: 'transform.derive', params: { columns: [{ name: 'expensive', expr: 'if(price > 500000, 1.0, 0.0)' }] } },
      { id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols: ['sqft', 'age'] } },
      { id: 'parts', kind: 'feature.split', params: { ratios: [0.75, 0.25], seed: 9 } },
      { id: 'logit', kind: 'model.logisticRegression', params: { labelCol: 'expensive' } },
      { id: 'auc', kind: 'model.evaluate', params: { metric: 'areaUnderROC', labelCol: 'expensive', predictionCol: 'probability' } },
      { id: 'acc', kind: 'model.evaluate', params: { metric: 'accuracy', labelCol: 'expensive', predictionCol: 'prediction' } },
    ], [
      { from: 'holes', to: 'labelled' }, { from: 'labelled', to: 'asm' }, { from: 'asm', to: 'parts' },
      { from: 'parts.train', to: 'logit.train' }, { from: 'parts.test', to: 'logit.score' },
      { from: 'logit', to: 'auc' }, { from: 'logit', to: 'acc' },
    ]);
    const scored = await sameInEveryVariant(d, 'logit', 'house_id');
    expect(Object.keys(scored.models)).toEqual(['logit']);
    for (const [id, metric] of [['auc', 'areaUnderROC'], ['acc', 'accuracy']] as const) {
      const out = await sameInEveryVariant(d, id, 'metric');
      expect(out.rows).toHaveLength(1);
      expect(out.rows[0]!['metric']).toBe(metric);
      expect(out.rows[0]!['value']).toBeGreaterThan(0.8);
      // The metric row is the fitted evaluator's state; the fitted models upstream come along.
      expect(out.models[id]!.state).toEqual({ metric, value: out.rows[0]!['value'] });
      expect(Object.keys(out.models).sort()).toEqual([id, 'logit'].sort());
    }
  });

  it('model.evaluate of regression metrics equals the same metric computed from the predictions', async () => {
    const d = doc([
      { id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols: ['sqft', 'bedrooms', 'bathrooms', 'age'] } },
      { id: 'lr', kind: 'model.linearRegression', params: { labelCol: 'price' } },
      { id: 'ev', kind: 'model.evaluate', params: { metric: 'mae', labelCol: 'price', predictionCol: 'prediction' } },
    ], [{ from: 'holes', to: 'asm' }, { from: 'asm', to: 'lr.train' }, { from: 'lr', to: 'ev' }]);
    const metric = await sameInEveryVariant(d, 'ev', 'metric');
    const predictions = await outputOf(d, 'lr', VARIANTS[0]!);
    const mae = predictions.rows.reduce((t, r) => t + Math.abs((r['price'] as number) - (r['prediction'] as number)), 0) / predictions.rows.length;
    expect(difference(metric.rows[0]!['value'], mae)).toBeUndefined();
  });

  it('model.kmeans over scaled features: same clusters and centers for any partitions', async () => {
    const d = doc([
      { id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols: ['sqft', 'age'], outputCol: 'raw' } },
      { id: 'std', kind: 'feature.standardScaler', params: { inputCol: 'raw', outputCol: 'features' } },
      { id: 'km', kind: 'model.kmeans', params: { k: 3, seed: 1 } },
    ], [{ from: 'holes', to: 'asm' }, { from: 'asm', to: 'std' }, { from: 'std', to: 'km.train' }]);
    const out = await sameInEveryVariant(d, 'km', 'house_id');
    expect(out.total).toBe(3000);
    expect(Object.keys(out.models).sort()).toEqual(['km', 'std']);
    expect(new Set(out.rows.map((r) => r['prediction']))).toEqual(new Set([0, 1, 2]));
  });

  it('an estimator without a score input fits and applies over its input computed once', async () => {
    const d = doc([
      { id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols: ['sqft', 'age'] } },
      { id: 'lr', kind: 'model.linearRegression', params: { labelCol: 'price', regParam: 0.1, elasticNetParam: 0.5 } },
    ], [{ from: 'holes', to: 'asm' }, { from: 'asm', to: 'lr.train' }]);
    const out = await sameInEveryVariant(d, 'lr', 'house_id');
    expect(out.total).toBe(3000);
    const events: RunEvent[] = [];
    await engine.run(d, { baseDir: tmpdir(), partitions: 2, onEvent: (e) => events.push(e) });
    const started = events.find((e) => e.type === 'run.started');
    const stagesWith = (id: string): number => (started?.type === 'run.started' ? started.stages.filter((s) => s.nodeIds.includes(id)).length : 0);
    expect(stagesWith('houses')).toBe(1);
    expect(events.filter((e) => e.type === 'model.fitted')).toHaveLength(1);
  });

  it('a stage error fails the run naming the node; no spill folder or extra worker is left', async () => {
    // Every value of 'nothing' is null: the imputer has no mean to fill it with.
    const d: PipelineDocument = {
      version: 1, name: 'ml-fail', settings: { memoryBudgetMB: 1e-6 },
      nodes: [
        HOUSES[0]!,
        { id: 'holes', kind: 'transform.derive', params: { columns: [{ name: 'nothing', expr: 'if(house_id < 0, sqft, null)' }] } },
        { id: 'imp', kind: 'feature.imputer', params: { inputCols: ['nothing'] } },
      ],
      edges: [{ from: 'houses', to: 'holes' }, { from: 'holes', to: 'imp' }],
    };
    for (const mode of ['inline', 'pool'] as const) {
      const events: RunEvent[] = [];
      const result = await engine.run(d, { baseDir: tmpdir(), partitions: 4, mode, runId: `mlfail-${mode}`, onEvent: (e) => events.push(e) });
      expect(result.status).toBe('FAILED');
      expect(result.error?.nodeId).toBe('imp');
      expect(result.error?.message).toMatch(/column 'nothing' \(inputCols\) has no value to compute the mean from/);
      expect(events.some((e) => e.type === 'model.fitted')).toBe(false);
      expect(events.at(-1)?.type).toBe('run.finished');
      expect(result.models).toBeUndefined();
      expect(spillFolders()).toEqual([]);
      expect(engine.liveThreads).toBeLessThanOrEqual(2);
    }
    // An apply that fails inside worker threads, on every partition at once.
    const nulls = doc([{ id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols: ['sqft', 'age_n'] } }], [{ from: 'holes', to: 'asm' }]);
    const failed = await engine.run({ ...nulls, settings: { memoryBudgetMB: 1e-6 } }, { baseDir: tmpdir(), partitions: 4, mode: 'pool', runId: 'mlfail-apply' });
    expect(failed.status).toBe('FAILED');
    expect(failed.error?.nodeId).toBe('asm');
    expect(failed.error?.message).toMatch(/column 'age_n' is null in a row .*handleInvalid is 'error': set handleInvalid to 'skip' or 'keep'/);
    expect(spillFolders()).toEqual([]);
    expect(engine.liveThreads).toBeLessThanOrEqual(2);
    const err = await engine.preview(d, 'imp', { baseDir: tmpdir(), partitions: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeExecutionError);
    expect((err as NodeExecutionError).nodeId).toBe('imp');
  });
});
