// model.load cases of the PySpark export conformance (export-conformance.test.ts): models fitted
// and saved by Tributary runs (saveTo), then pipelines that load and score with them. A single
// stage folder (a logistic regression with its own column names; a k-means) and a PipelineModel
// folder (assembler, scaler, linear regression: the scaler and the regression fitted by one
// Tributary run, written as one PipelineModel by write-model.ts, the writer saveTo uses).

import { cpSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../engine/exec/engine.ts';
import { kindDef, withDefaults } from '../../engine/document/catalog.ts';
import type { PipelineDocument } from '../../engine/document/document-types.ts';
import { toSparkStage } from '../../engine/ml/spark/to-spark.ts';
import { pipelineOf, saveSparkFolder, type SparkStage } from '../../engine/ml/spark/write-model.ts';
import type { StageSpec } from './cases.ts';
import { caseDocument } from './run-tributary.ts';

const assemble = (inputCols: readonly string[], outputCol = 'features'): StageSpec =>
  ({ kind: 'feature.vectorAssembler', params: { inputCols, outputCol, handleInvalid: 'error' } });

const LOGIT = [assemble(['f1', 'f2', 'f3']), { kind: 'model.logisticRegression', params: {
  regParam: 0.05, threshold: 0.4, probabilityCol: 'p', rawPredictionCol: 'raw', predictionCol: 'yes', saveTo: 'models/logit' } }];
const KMEANS = [assemble(['x', 'y'], 'xy'), { kind: 'model.kmeans', params: { k: 3, seed: 7, featuresCol: 'xy', predictionCol: 'cluster', saveTo: 'models/kmeans' } }];
const PIPELINE_STAGES = [
  assemble(['f1', 'f2', 'f3', 'f4']),
  { kind: 'feature.standardScaler', params: { inputCol: 'features', outputCol: 'scaled', withMean: true, withStd: true, saveTo: 'models/scaler' } },
  { kind: 'model.linearRegression', params: { featuresCol: 'scaled', regParam: 0.1, predictionCol: 'price', saveTo: 'models/linear' } },
];

export interface ModelLoadCase {
  readonly name: string;
  /** The scoring document (model.load on `score`); its sink writes `outPath`. */
  readonly doc: PipelineDocument;
  /** The columns the model appends, last in the output (named by the saved folder's metadata). */
  readonly adds: readonly string[];
}

/** The scoring documents: source -> [assembler] -> model.load -> sink. */
export function modelLoadCases(outPath: (i: number) => string): ModelLoadCase[] {
  const scoring = (name: string, data: string, before: readonly StageSpec[], folder: string, i: number, adds: string[]): ModelLoadCase => {
    const nodes = [
      { id: 'src', kind: 'source.parquet', params: { path: `${data}.parquet` } },
      ...before.map((s, k) => ({ id: `f${k}`, kind: s.kind, params: s.params })),
      { id: 'scored', kind: 'model.load', params: { path: folder } },
      { id: 'out', kind: 'sink.parquet', params: { path: outPath(i) } },
    ];
    const chain = ['src', ...before.map((_, k) => `f${k}`)];
    const edges = [...chain.slice(1).map((id, k) => ({ from: chain[k]!, to: id })),
      { from: chain.at(-1)!, to: 'scored.score' }, { from: 'scored', to: 'out' }];
    return { name, doc: { version: 1, name, nodes, edges }, adds };
  };
  return [
    scoring('model.load: a logistic regression saved by saveTo (own column names, threshold 0.4)', 'binary', [LOGIT[0]!], 'models/logit', 0, ['raw', 'p', 'yes']),
    scoring('model.load: a k-means saved by saveTo (own prediction column)', 'blobs', [KMEANS[0]!], 'models/kmeans', 1, ['cluster']),
    scoring('model.load: a PipelineModel (assembler, standardScaler, linearRegression)', 'regression', [], 'models/pipeline', 2, ['features', 'scaled', 'price']),
  ];
}

/** Fits and saves the models in `oursDir/models` (Tributary runs), then copies them beside the scripts. */
export async function saveModels(engine: Engine, oursDir: string, sparkDir: string): Promise<void> {
  const fit = async (name: string, data: string, stages: readonly StageSpec[]) => {
    const run = await engine.run(caseDocument(name, `${data}.parquet`, stages, `out/${name}.parquet`), { baseDir: oursDir });
    if (run.status !== 'COMPLETED') throw new Error(`fitting '${name}' failed: ${run.error?.message}`);
    return run;
  };
  await fit('fit-logit', 'binary', LOGIT);
  await fit('fit-kmeans', 'blobs', KMEANS);
  const run = await fit('fit-pipeline', 'regression', PIPELINE_STAGES);
  const fitted = (i: number): SparkStage => {
    const s = PIPELINE_STAGES[i]!;
    return toSparkStage(run.models![`s${i}`]!, withDefaults(kindDef(s.kind)!, s.params));
  };
  const assembler: SparkStage = {
    className: 'org.apache.spark.ml.feature.VectorAssembler', uid: 'VectorAssembler_conformance',
    paramMap: { ...PIPELINE_STAGES[0]!.params }, defaultParamMap: {},
  };
  await saveSparkFolder(join(oursDir, 'models', 'pipeline'), pipelineOf('PipelineModel_conformance', [assembler, fitted(1), fitted(2)]));
  cpSync(join(oursDir, 'models'), join(sparkDir, 'models'), { recursive: true });
}
