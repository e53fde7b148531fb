// The fits over partitions (docs/ml-over-partitions.md) give the same model for 1, 2 and 4
// partitions, up to the order of floating sums: every number within 1e-9 relative, the same
// iteration counts. The rows reach the fit in blocks per partition, so these runs exercise block
// boundaries that move with the partitioning (and batch boundaries within a partition).

import { afterAll, describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { Engine } from './engine.ts';
import type { RunEvent } from './events.ts';
import type { DocumentNode, PipelineDocument } from '../document/document-types.ts';
import type { FittedModel } from '../ml/stage.ts';

const engine = new Engine({ threads: 2 });
afterAll(async () => { await engine.close(); });

const ROWS = 20_000;

function doc(model: DocumentNode, inputCols: readonly string[]): PipelineDocument {
  return {
    version: 1, name: 'ml-partitions',
    nodes: [
      { id: 'houses', kind: 'source.sample', params: { dataset: 'houses', rows: ROWS, seed: 3 } },
      { id: 'cols', kind: 'transform.derive', params: { columns: [
        { name: 'w', expr: '0.5 + (house_id % 4) * 0.75' },
        { name: 'big', expr: 'if(bedrooms >= 3, 1, 0)' },
        { name: 'cls', expr: 'bedrooms % 3' },
      ] } },
      { id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols } },
      model,
    ],
    edges: [{ from: 'houses', to: 'cols' }, { from: 'cols', to: 'asm' }, { from: 'asm', to: `${model.id}.train` }],
  };
}

async function fitted(d: PipelineDocument, partitions: number): Promise<FittedModel> {
  let model: FittedModel | undefined;
  const onEvent = (e: RunEvent): void => { if (e.type === 'model.fitted') model = e.model; };
  await engine.preview(d, 'm', { baseDir: tmpdir(), partitions, mode: partitions === 1 ? 'inline' : 'pool', limit: 1, onEvent });
  if (!model) throw new Error('no model.fitted event');
  return model;
}

/** Every number of `a` against `b`, by path; strings and counts exactly. */
function differences(a: unknown, b: unknown, path: string, out: string[]): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Math.abs(a - b) > 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1e-300)) out.push(`${path}: ${a} != ${b}`);
  } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => differences(x, b[i], `${path}[${i}]`, out));
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`, out);
    }
  } else if (a !== b) {
    out.push(`${path}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`);
  }
}

const MODELS: readonly [string, DocumentNode, readonly string[]][] = [
  ['linear regression, weighted', { id: 'm', kind: 'model.linearRegression', params: { labelCol: 'price', weightCol: 'w', regParam: 0.1 } }, ['sqft', 'bedrooms', 'bathrooms', 'age']],
  ['logistic regression, binomial', { id: 'm', kind: 'model.logisticRegression', params: { labelCol: 'big', regParam: 0.01 } }, ['sqft', 'bathrooms', 'age']],
  ['logistic regression, multinomial, weighted', { id: 'm', kind: 'model.logisticRegression', params: { labelCol: 'cls', weightCol: 'w' } }, ['sqft', 'bathrooms', 'age']],
  ['k-means', { id: 'm', kind: 'model.kmeans', params: { k: 4, seed: 5 } }, ['sqft', 'age']],
];

describe('ML fits over 1, 2 and 4 partitions', () => {
  for (const [name, node, inputCols] of MODELS) {
    it(`${name}: the same model within 1e-9 relative`, async () => {
      const d = doc(node, inputCols);
      const one = await fitted(d, 1);
      expect(one.summary.numInstances).toBe(ROWS);
      for (const partitions of [2, 4]) {
        const other = await fitted(d, partitions);
        const diffs: string[] = [];
        differences(other.state, one.state, 'state', diffs);
        differences(other.summary, one.summary, 'summary', diffs);
        expect(diffs, `${partitions} partitions against 1`).toEqual([]);
      }
    }, 120_000);
  }
});
