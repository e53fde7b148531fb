import { describe, expect, it } from 'vitest';
import type { FittedModel } from '../../run/run-state.ts';
import { summaryView } from './model-summary.ts';

const fitted = (kind: string, summary: FittedModel['summary'], state: unknown = {}): FittedModel => ({ nodeId: 'n', kind, state, summary });

describe('model summary view', () => {
  it('puts named numbers in one table and coefficients first, named by feature', () => {
    const v = summaryView(fitted('model.linearRegression', { intercept: 5, rmse: 2.5, r2: 0.9, iterations: 3, coefficients: [1.5, -2] }),
      { featureNames: ['sqft', 'age'] });
    expect(v.scalars.map((s) => s.name)).toEqual(['intercept', 'rmse', 'r2', 'iterations']);
    expect(v.lists).toHaveLength(1);
    expect(v.lists[0]!.rowKind).toBe('feature');
    expect(v.lists[0]!.rowNames).toEqual(['sqft', 'age']);
    expect(v.lists[0]!.columns).toEqual([{ name: 'coefficients', values: [1.5, -2] }]);
  });

  it('shows per-feature lists of a scaler side by side; element names unknown stay unnamed', () => {
    const v = summaryView(fitted('feature.standardScaler', { mean: [1, 2, 3], std: [0.5, 0.5, 1] }), { featureNames: ['a', undefined] });
    expect(v.lists).toHaveLength(1);
    expect(v.lists[0]!.columns.map((c) => c.name)).toEqual(['mean', 'std']);
    expect(v.lists[0]!.rowNames).toEqual(['a', undefined, undefined]);
  });

  it('indexes a string indexer\'s labels by position and names an imputer\'s surrogates by column', () => {
    const s = summaryView(fitted('feature.stringIndexer', { labels: ['b', 'a', 'c'] }), { featureNames: ['x', 'y', 'z'] });
    expect(s.lists[0]!.rowKind).toBe('index');
    const imp = summaryView(fitted('feature.imputer', { strategy: 'mean', surrogates: [3.5, 10] }), { inputCols: ['age', 'income'] });
    expect(imp.scalars).toEqual([{ name: 'strategy', value: 'mean' }]);
    expect(imp.lists[0]!.rowKind).toBe('column');
    expect(imp.lists[0]!.rowNames).toEqual(['age', 'income']);
    expect(imp.lists[0]!.columns).toEqual([{ name: 'surrogate', values: [3.5, 10] }]);
    // As the imputer stage writes it: one summary entry per input column.
    const named = summaryView(fitted('feature.imputer', { strategy: 'median', age: 41, income: 52000 }, { surrogates: [41, 52000] }),
      { inputCols: ['age', 'income'] });
    expect(named.scalars).toEqual([{ name: 'strategy', value: 'median' }]);
    expect(named.lists).toEqual([{ rowKind: 'column', rowNames: ['age', 'income'], columns: [{ name: 'surrogate', values: [41, 52000] }] }]);
    // Input columns unknown: the entries stay as they are.
    expect(summaryView(fitted('feature.imputer', { strategy: 'mean', age: 41 })).scalars.map((s) => s.name)).toEqual(['strategy', 'age']);
  });

  it('reads k-means centers from a flat summary list with the cluster sizes, or from the state', () => {
    const flat = summaryView(fitted('model.kmeans', { k: 2, clusterSizes: [10, 30], clusterCenters: [1, 2, 3, 4, 5, 6], cost: 7 }),
      { featureNames: ['x', 'y', 'z'] });
    expect(flat.centers?.centers).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(flat.centers?.sizes).toEqual([10, 30]);
    expect(flat.centers?.featureNames).toEqual(['x', 'y', 'z']);
    expect(flat.lists).toHaveLength(0);
    expect(flat.scalars.map((s) => s.name)).toEqual(['k', 'cost']);
    // As the k-means stage writes it: centers as short strings in the summary, as numbers in the state.
    const asStage = summaryView(fitted('model.kmeans', { centers: ['[0, 1]', '[2, 3]'], clusterSizes: [4, 6], trainingCost: 2 },
      { centers: [[0, 1], [2, 3]] }));
    expect(asStage.centers?.centers).toEqual([[0, 1], [2, 3]]);
    expect(asStage.centers?.sizes).toEqual([4, 6]);
    expect(asStage.lists).toHaveLength(0);
    expect(asStage.scalars.map((s) => s.name)).toEqual(['trainingCost']);
    const fromState = summaryView(fitted('model.kmeans', { cost: 1 }, { centers: [[0, 1], [2, 3]] }));
    expect(fromState.centers?.centers).toEqual([[0, 1], [2, 3]]);
    expect(fromState.centers?.sizes).toBeUndefined();
  });

  it('lists every label of a string indexer from its state (as the stage keeps them), capped for the screen', () => {
    const labels = Array.from({ length: 250 }, (_, i) => `v${i}`);
    const v = summaryView(fitted('feature.stringIndexer', { labels: 250, first: labels.slice(0, 20) }, { labels }));
    expect(v.scalars).toEqual([{ name: 'labels', value: 250 }]);
    expect(v.lists).toHaveLength(1);
    expect(v.lists[0]!.columns[0]!.name).toBe('label');
    expect(v.lists[0]!.columns[0]!.values).toEqual(labels.slice(0, 200));
    expect(v.lists[0]!.more).toBe(50);
    const few = summaryView(fitted('feature.stringIndexer', { labels: 2, first: ['b', 'a'] }, { labels: ['b', 'a'] }));
    expect(few.lists[0]!.columns[0]!.values).toEqual(['b', 'a']);
    expect(few.lists[0]!.more).toBeUndefined();
  });
});
