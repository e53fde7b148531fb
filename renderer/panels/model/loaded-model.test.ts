import { describe, expect, it } from 'vitest';
import type { LoadedModelInfo } from '../../../main/api.ts';
import { loadedFeatureNames, originLine, shortClass } from './loaded-model.ts';

const stage = (kind: string, params: Record<string, unknown>) => ({ kind, className: `org.apache.spark.ml.X.${kind}`, uid: kind, sparkVersion: '4.0.0', path: '/m', params });
const info = (runs: LoadedModelInfo['runs']): LoadedModelInfo => ({ path: '/m', className: 'c', sparkVersion: '4.0.0', uid: 'u', stages: [], runs });

describe('loaded model words', () => {
  it('names the run that saved a stage, when the history has it, and says when it does not', () => {
    const runs = { r1: { pipeline: '/w/train.json', pipelineName: 'train', state: 'COMPLETED' as const, trigger: 'studio', finishedAt: Date.UTC(2026, 0, 2, 3, 4, 5) } };
    expect(originLine(info(runs), { runId: 'r1', nodeId: 'lin', kind: 'model.linearRegression' }, '4.0.0'))
      .toEqual({ runId: 'r1', text: 'Saved by run r1 by node lin (model.linearRegression) of pipeline train (studio, COMPLETED, finished 2026-01-02 03:04:05 UTC).' });
    expect(originLine(info({}), { runId: 'r2' }, '4.0.0').text).toBe('Saved by Tributary run r2; that run is not in this history.');
    expect(originLine(info({}), undefined, '3.5.1').text).toBe('Saved by Spark 3.5.1: no Tributary run in its metadata.');
    expect(shortClass('org.apache.spark.ml.clustering.KMeansModel')).toBe('KMeansModel');
  });

  it('names features by an assembler loaded before the model, else by the document', () => {
    const stages = [
      stage('feature.vectorAssembler', { inputCols: ['a', 'b'], outputCol: 'features' }),
      stage('feature.standardScaler', { inputCol: 'features', outputCol: 'scaled' }),
      stage('model.linearRegression', { featuresCol: 'features' }),
      stage('model.kmeans', { featuresCol: 'scaled' }),
      stage('model.logisticRegression', { featuresCol: 'outside' }),
    ];
    const upstream = (c: string) => (c === 'outside' ? ['x', 'y'] : undefined);
    expect(loadedFeatureNames(stages, 2, upstream)).toEqual(['a', 'b']);
    expect(loadedFeatureNames(stages, 1, upstream)).toEqual(['a', 'b']);
    expect(loadedFeatureNames(stages, 3, upstream)).toBeUndefined();
    expect(loadedFeatureNames(stages, 4, upstream)).toEqual(['x', 'y']);
  });
});
