// Model round trips between Tributary and Spark (ml-conformance.test.ts runs them in the suite's one
// Spark session). Each chain is fitted twice:
//   Tributary -> Spark: Tributary fits it with saveTo on every fitting stage; Spark loads each saved
//     folder (Model.load) and scores the same rows, stage by stage and as one PipelineModel.
//   Spark -> Tributary: Spark fits it and saves every stage and the PipelineModel; Tributary's
//     model.load scores the same rows, from the PipelineModel folder and stage by stage.
// The models are the same numbers on both sides, so the rows must agree to rounding.

import type { PipelineDocument } from '../../engine/document/document-types.ts';
import type { StageSpec } from './cases.ts';

export interface RoundTrip { readonly slug: string; readonly data: string; readonly stages: readonly StageSpec[] }

const assemble = (inputCols: readonly string[], outputCol = 'features'): StageSpec => ({ kind: 'feature.vectorAssembler', params: { inputCols, outputCol } });

export const ROUND_TRIPS: readonly RoundTrip[] = [
  { slug: 'features', data: 'mixed', stages: [
    { kind: 'feature.imputer', params: { inputCols: ['x1', 'k'], outputCols: ['x1_i', 'k_i'], strategy: 'mean' } },
    { kind: 'feature.stringIndexer', params: { inputCol: 'cat', outputCol: 'idx_cat', handleInvalid: 'keep' } },
    { kind: 'feature.stringIndexer', params: { inputCol: 'cat3', outputCol: 'idx3', stringOrderType: 'alphabetAsc', handleInvalid: 'keep' } },
    { kind: 'feature.oneHotEncoder', params: { inputCol: 'idx3', outputCol: 'oh' } },
  ] },
  { slug: 'regression', data: 'regression', stages: [
    assemble(['f1', 'f2', 'f3', 'f4']),
    { kind: 'feature.standardScaler', params: { inputCol: 'features', outputCol: 'scaled', withMean: true, withStd: true } },
    { kind: 'feature.minMaxScaler', params: { inputCol: 'features', outputCol: 'mm', min: -1, max: 2 } },
    { kind: 'model.linearRegression', params: { featuresCol: 'scaled', regParam: 0.1 } },
  ] },
  { slug: 'logistic', data: 'binary', stages: [assemble(['f1', 'f2', 'f3']), { kind: 'model.logisticRegression', params: { regParam: 0.05, threshold: 0.4 } }] },
  { slug: 'kmeans', data: 'blobs', stages: [assemble(['x', 'y']), { kind: 'model.kmeans', params: { k: 3, seed: 7 } }] },
  { slug: 'multinomial', data: 'weighted', stages: [assemble(['f1', 'f2', 'f3']), { kind: 'model.logisticRegression', params: { labelCol: 'cls', regParam: 0.05, weightCol: 'w' } }] },
];

export const FITTING = new Set(['feature.imputer', 'feature.standardScaler', 'feature.minMaxScaler', 'feature.stringIndexer', 'feature.oneHotEncoder',
  'model.linearRegression', 'model.logisticRegression', 'model.kmeans']);

/** The chain with saveTo on every fitting stage: folder `${dir}/I` for stage I. */
export function withSaveTo(rt: RoundTrip, dir: string): StageSpec[] {
  return rt.stages.map((s, i) => (FITTING.has(s.kind) ? { ...s, params: { ...s.params, saveTo: `${dir}/${i}` } } : s));
}

/** src -> model.load(paths[0]) -> model.load(paths[1]) ... -> out. */
export function loadDocument(name: string, dataFile: string, paths: readonly string[], outPath: string): PipelineDocument {
  const nodes = [
    { id: 'src', kind: 'source.parquet', params: { path: dataFile } },
    ...paths.map((path, i) => ({ id: `l${i}`, kind: 'model.load', params: { path } })),
    { id: 'out', kind: 'sink.parquet', params: { path: outPath } },
  ];
  const edges = paths.map((_, i) => ({ from: i === 0 ? 'src' : `l${i - 1}`, to: `l${i}.score` }));
  edges.push({ from: `l${paths.length - 1}`, to: 'out' });
  return { version: 1, name, nodes, edges };
}

/** The largest relative difference of two row sets' numbers (vectors elementwise), for the report. */
export function maxRelativeDifference(a: { columns: string[]; rows: unknown[][] }, b: { columns: string[]; rows: unknown[][] }): number {
  let worst = 0;
  const visit = (x: unknown, y: unknown): void => {
    if (Array.isArray(x) && Array.isArray(y)) { x.forEach((v, i) => visit(v, y[i])); return; }
    const nx = typeof x === 'string' && /^(NaN|-?Infinity)$/.test(x) ? Number(x) : x;
    if (typeof nx === 'number' && typeof y === 'number' && Number.isFinite(nx) && Number.isFinite(y)) {
      worst = Math.max(worst, Math.abs(nx - y) / Math.max(Math.abs(nx), Math.abs(y), 1e-12));
    }
  };
  for (const [j, name] of a.columns.entries()) {
    const k = b.columns.indexOf(name);
    if (k < 0) continue;
    a.rows.forEach((r, i) => visit(r[j], b.rows[i]?.[k]));
  }
  return worst;
}
