import { describe, expect, it } from 'vitest';
import { evaluateMetric } from './metric-line.ts';

describe('evaluate metric on the card', () => {
  it('reads { metric, value } of a fitted model.evaluate', () => {
    expect(evaluateMetric({ nodeId: 'e', kind: 'model.evaluate', state: { metric: 'rmse', value: 20123.456789 }, summary: {} }))
      .toEqual({ metric: 'rmse', value: 20123.456789, text: 'rmse = 20,123.5' });
    expect(evaluateMetric({ nodeId: 'e', kind: 'model.evaluate', state: { metric: 'r2', value: null }, summary: {} })?.text)
      .toBe('r2 = undefined');
  });

  it('is nothing for other kinds, no model, or a state of another shape', () => {
    expect(evaluateMetric(undefined)).toBeUndefined();
    expect(evaluateMetric({ nodeId: 'm', kind: 'model.linearRegression', state: { metric: 'rmse', value: 1 }, summary: {} })).toBeUndefined();
    expect(evaluateMetric({ nodeId: 'e', kind: 'model.evaluate', state: null, summary: {} })).toBeUndefined();
  });
});
