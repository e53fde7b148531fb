// model.evaluate silhouette in the PySpark export: ClusteringEvaluator over featuresCol and
// predictionCol (no labelCol), the one-row { metric, value } frame like every other metric.

import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../document/document-types.ts';
import { exportPipeline } from './export.ts';

const doc: PipelineDocument = {
  version: 1, name: 'clusters',
  nodes: [
    { id: 'pts', kind: 'source.parquet', params: { path: 'pts.parquet' } },
    { id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols: ['x', 'y'], outputCol: 'xy' } },
    { id: 'km', kind: 'model.kmeans', params: { k: 3, featuresCol: 'xy', predictionCol: 'c' } },
    { id: 'sil', kind: 'model.evaluate', params: { metric: 'silhouette', featuresCol: 'xy', predictionCol: 'c' } },
  ],
  edges: [{ from: 'pts', to: 'asm' }, { from: 'asm', to: 'km.train' }, { from: 'km', to: 'sil' }],
};

describe('PySpark export of silhouette', () => {
  it('evaluates with ClusteringEvaluator on the node\'s features and cluster columns', () => {
    const code = exportPipeline(doc, { pipelinePath: 'clusters.json' });
    expect(code).toMatch(/sil = evaluate\(\w+, "silhouette", prediction_col="c", features_col="xy"\)/);
    expect(code).toContain('evaluator = ClusteringEvaluator(metricName=metric, featuresCol=features_col, predictionCol=prediction_col)');
  });
});
