import { describe, expect, it } from 'vitest';
import { emptyDocument } from '../../store/doc-ops.ts';
import { measuredOn } from './measured-on.ts';

const doc = {
  ...emptyDocument(),
  nodes: [
    { id: 'houses', kind: 'source.sample', params: {} },
    { id: 'features', kind: 'feature.vectorAssembler', params: {} },
    { id: 'parts', kind: 'feature.split', params: {} },
    { id: 'model', kind: 'model.linearRegression', params: {} },
    { id: 'rmse', kind: 'model.evaluate', params: {} },
    { id: 'whole', kind: 'model.linearRegression', params: {} },
  ],
  // As the house-prices example: the model is fitted on train and scores test; rmse reads the scores.
  edges: [
    { from: 'houses', to: 'features' }, { from: 'features', to: 'parts' }, { from: 'parts.train', to: 'model.train' },
    { from: 'parts.test', to: 'model.score' }, { from: 'model', to: 'rmse' }, { from: 'houses', to: 'whole' },
  ],
};

describe('what a metric is measured on', () => {
  it('follows the data upstream to the split output it comes from', () => {
    expect(measuredOn(doc, 'model')).toBe('training set');
    expect(measuredOn(doc, 'rmse')).toBe('test set');
  });

  it('says every row when there is no split, and stops on a cycle', () => {
    expect(measuredOn(doc, 'whole')).toBe('all rows');
    const cyclic = { ...doc, edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'a' }] };
    expect(measuredOn(cyclic, 'a')).toBe('all rows');
  });
});
