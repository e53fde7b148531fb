// The training cache of the iterative fits (engine/ml/models/training-blocks.ts) under a memory
// budget far smaller than the training rows: the fit task writes its blocks to a spill file (the
// model node's spilled bytes in the fit stage's metrics), reads them back on every pass, and fits
// the same model as without a budget (the same blocks in the same order: within 1e-9 relative, the
// same iteration counts). training-blocks.test.ts checks the cache itself (no file left behind).

import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Engine } from './engine.ts';
import type { PartitionMetrics, RunEvent, StageInfo } from './events.ts';
import type { DocumentNode, PipelineDocument } from '../document/document-types.ts';
import type { FittedModel } from '../ml/stage.ts';
import { difference } from './ml-compare.test-helper.ts';

const engine = new Engine({ threads: 2 });
const base = mkdtempSync(join(tmpdir(), 'ml-cache-spill-'));
afterAll(async () => { await engine.close(); rmSync(base, { recursive: true, force: true }); });

const ROWS = 30_000;

function doc(model: DocumentNode): PipelineDocument {
  return {
    version: 1, name: 'ml-cache-spill',
    nodes: [
      { id: 'houses', kind: 'source.sample', params: { dataset: 'houses', rows: ROWS, seed: 7 } },
      { id: 'cols', kind: 'transform.derive', params: { columns: [
        { name: 'w', expr: '0.5 + (house_id % 4) * 0.75' },
        { name: 'big', expr: 'if(bedrooms >= 3, 1, 0)' },
      ] } },
      { id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols: ['sqft', 'bathrooms', 'age'] } },
      model,
    ],
    edges: [{ from: 'houses', to: 'cols' }, { from: 'cols', to: 'asm' }, { from: 'asm', to: `${model.id}.train` }],
  };
}

interface Fit { model: FittedModel; fitStageSpill: number }

async function fit(d: PipelineDocument, memoryBudgetBytes?: number): Promise<Fit> {
  let model: FittedModel | undefined;
  let stages: readonly StageInfo[] = [];
  const metrics: PartitionMetrics[] = [];
  const onEvent = (e: RunEvent): void => {
    if (e.type === 'model.fitted') model = e.model;
    if (e.type === 'run.started') stages = e.stages;
    if (e.type === 'partition.finished') metrics.push(e);
  };
  await engine.preview(d, 'm', { baseDir: base, partitions: 2, mode: 'pool', limit: 1, onEvent, ...(memoryBudgetBytes !== undefined ? { memoryBudgetBytes } : {}) });
  if (!model) throw new Error('no model.fitted event');
  // The final fit: the one-partition stage of the model node alone (the partials run in 2).
  const fitStage = stages.find((s) => s.partitions === 1 && s.nodeIds.length === 1 && s.nodeIds[0] === 'm');
  if (!fitStage) throw new Error(`no final fit stage among ${JSON.stringify(stages)}`);
  const fitStageSpill = metrics.filter((m) => m.stageId === fitStage.stageId).reduce((t, m) => t + (m.spilledByNode?.m ?? 0), 0);
  return { model, fitStageSpill };
}

const MODELS: readonly [string, DocumentNode][] = [
  ['logistic regression, binomial, weighted', { id: 'm', kind: 'model.logisticRegression', params: { labelCol: 'big', weightCol: 'w', regParam: 0.01 } }],
  ['k-means', { id: 'm', kind: 'model.kmeans', params: { k: 4, seed: 5 } }],
];

describe('iterative fits under a tiny memory budget', () => {
  for (const [name, node] of MODELS) {
    it(`${name}: the fit spills its training rows and fits the same model`, async () => {
      const d = doc(node);
      const free = await fit(d);
      expect(free.fitStageSpill).toBe(0);
      const tight = await fit(d, 64 * 1024);
      // At least the rows' features (3 doubles a row) went to the cache's spill file.
      expect(tight.fitStageSpill).toBeGreaterThan(ROWS * 3 * 8 * 0.5);
      expect(tight.model.summary.numInstances).toBe(ROWS);
      expect(difference(tight.model.state, free.model.state)).toBeUndefined();
      expect(difference(tight.model.summary, free.model.summary)).toBeUndefined();
    }, 120_000);
  }
});
