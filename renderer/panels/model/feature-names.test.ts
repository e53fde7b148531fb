import { describe, expect, it } from 'vitest';
import type { KindDef, PipelineDocument, Schema } from '../../../main/api.ts';
import { assemblerNames, featureNames, nameAt, paramValue } from './feature-names.ts';

// The catalog's ports and defaults of the kinds used here (as engine/document/catalog-ml.ts has them).
function def(kind: string, inputs: string[], outputs: string[], defaults: Record<string, unknown>): KindDef {
  return {
    kind, group: kind.startsWith('model.') ? 'model' : kind.startsWith('source.') ? 'source' : 'feature', title: kind, doc: '',
    inputs: inputs.map((name) => ({ name, optional: name === 'score' })), outputs: outputs.map((name) => ({ name })),
    params: Object.entries(defaults).map(([name, d]) => ({ name, type: 'string', required: d === undefined, default: d, doc: '' })),
  };
}
const MODEL_DEFAULTS = { featuresCol: 'features', labelCol: 'label', predictionCol: 'prediction' };
const kinds = new Map<string, KindDef>([
  def('source.sample', [], ['out'], {}),
  def('feature.vectorAssembler', ['in'], ['out'], { inputCols: undefined, outputCol: 'features' }),
  def('feature.standardScaler', ['in'], ['out'], { inputCol: undefined, outputCol: undefined }),
  def('feature.split', ['in'], ['train', 'test'], {}),
  def('model.linearRegression', ['train', 'score'], ['out'], MODEL_DEFAULTS),
  def('model.kmeans', ['train', 'score'], ['out'], { featuresCol: 'features', predictionCol: 'prediction' }),
].map((k) => [k.kind, k]));
const kindDef = (k: string) => kinds.get(k);

const houses: Schema = { fields: [
  { name: 'sqft', type: 'int32', nullable: false },
  { name: 'age', type: 'int32', nullable: false },
  { name: 'hood_vec', type: 'vector', nullable: false, vectorSize: 3 },
  { name: 'price', type: 'float64', nullable: false },
] };

function doc(nodes: PipelineDocument['nodes'], edges: PipelineDocument['edges']): PipelineDocument {
  return { version: 1, name: 't', nodes, edges };
}

describe('feature names of a model', () => {
  it('come from the assembler feeding the model, with catalog defaults for outputCol and featuresCol', () => {
    const d = doc([
      { id: 'src', kind: 'source.sample', params: { dataset: 'houses' } },
      { id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols: ['sqft', 'age'] } },
      { id: 'lr', kind: 'model.linearRegression', params: { labelCol: 'price' } },
    ], [{ from: 'src', to: 'asm' }, { from: 'asm', to: 'lr.train' }]);
    const col = paramValue(d, 'lr', 'featuresCol', kindDef);
    expect(col).toBe('features');
    expect(featureNames(d, 'lr', 'train', 'features', { 'src.out': houses }, kindDef)).toEqual(['sqft', 'age']);
  });

  it('trace through a scaler (renaming the column) and a split, and spread a vector input over its size', () => {
    const d = doc([
      { id: 'src', kind: 'source.sample', params: {} },
      { id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols: ['sqft', 'hood_vec', 'age'], outputCol: 'raw' } },
      { id: 'sc', kind: 'feature.standardScaler', params: { inputCol: 'raw', outputCol: 'scaled' } },
      { id: 'sp', kind: 'feature.split', params: {} },
      { id: 'lr', kind: 'model.linearRegression', params: { featuresCol: 'scaled' } },
    ], [{ from: 'src', to: 'asm' }, { from: 'asm', to: 'sc' }, { from: 'sc', to: 'sp' }, { from: 'sp.train', to: 'lr.train' },
      { from: 'sp.test', to: 'lr.score' }]);
    expect(featureNames(d, 'lr', 'train', 'scaled', { 'src.out': houses }, kindDef))
      .toEqual(['sqft', 'hood_vec[0]', 'hood_vec[1]', 'hood_vec[2]', 'age']);
  });

  it('are unknown without an assembler upstream, or for a different column', () => {
    const d = doc([
      { id: 'src', kind: 'source.sample', params: {} },
      { id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols: ['sqft'], outputCol: 'other' } },
      { id: 'km', kind: 'model.kmeans', params: {} },
    ], [{ from: 'src', to: 'asm' }, { from: 'asm', to: 'km.train' }]);
    expect(featureNames(d, 'km', 'train', 'features', {}, kindDef)).toBeUndefined();
    expect(featureNames(d, 'km', 'train', 'other', {}, kindDef)).toEqual(['sqft']);
  });

  it('stop at a vector input of unknown size', () => {
    const schema: Schema = { fields: [{ name: 'a', type: 'int32', nullable: false }, { name: 'v', type: 'vector', nullable: false },
      { name: 'b', type: 'int32', nullable: false }] };
    const names = assemblerNames(['a', 'v', 'b'], schema);
    expect(nameAt(names, 0)).toBe('a');
    expect(nameAt(names, 1)).toBeUndefined();
    expect(nameAt(names, 5)).toBeUndefined();
    expect(nameAt(undefined, 0)).toBeUndefined();
  });
});
