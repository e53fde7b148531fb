// What a model folder holds, for a person (the studio's Model tab of a model.load node): where it
// came from (the folder, Spark's class and version from its metadata, the Tributary run and node
// that saved it when ours) and, per stage in the order they apply, the numbers it applies
// (coefficients and intercept, cluster centers, labels, scaler statistics, surrogates) as a
// FittedModel whose summary reads like a fitted stage's.

import type { FittedModel } from '../stage.ts';
import { loadModelFolder } from './load-folder.ts';
import type { LoadedStage } from './from-spark.ts';
import { readSparkFolder, type SparkFolder } from './read-model.ts';

export interface ModelOrigin { readonly runId?: string; readonly nodeId?: string; readonly kind?: string }

export interface LoadedStageView {
  readonly kind: string;
  readonly className: string;
  readonly uid: string;
  readonly sparkVersion: string;
  /** The stage's own folder (a PipelineModel's stages/I_UID). */
  readonly path: string;
  /** Its params under the catalog's names (input and output columns, threshold...). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly origin?: ModelOrigin;
  /** Absent for transformers (VectorAssembler, Bucketizer): they apply their params only. */
  readonly model?: FittedModel;
}

export interface LoadedModelView {
  readonly path: string;
  readonly className: string;
  readonly sparkVersion: string;
  readonly uid: string;
  readonly origin?: ModelOrigin;
  readonly stages: readonly LoadedStageView[];
}

type Summary = FittedModel['summary'];

/** A fitted stage's summary, rebuilt from the state a folder gives (from-spark.ts). */
function summaryOf(stage: LoadedStage): Summary {
  const state = (stage.model?.state ?? {}) as Record<string, unknown>;
  const list = (k: string) => (Array.isArray(state[k]) ? (state[k] as (number | string)[]) : []);
  switch (stage.kind) {
    case 'model.linearRegression':
    case 'model.logisticRegression':
      return { coefficients: list('coefficients'), intercept: state.intercept as number | string };
    case 'model.kmeans': // the centers matrix is read from the state (renderer model-summary.ts)
      return { clusters: list('centers').length };
    case 'feature.stringIndexer':
      return { labels: list('labels').length, first: list('labels').slice(0, 20) };
    case 'feature.standardScaler':
      return { mean: list('mean'), std: list('std') };
    case 'feature.minMaxScaler':
      return { originalMin: list('originalMin'), originalMax: list('originalMax') };
    case 'feature.imputer':
      return { surrogates: list('surrogates') };
    case 'feature.oneHotEncoder': {
      const categories = state.categories as number;
      return { categories, size: categories - (stage.params.dropLast ? 1 : 0), categorySizes: [categories] };
    }
    default:
      return {};
  }
}

/** Every stage folder under `f` by uid (nested PipelineModels included). */
function foldersByUid(f: SparkFolder, into = new Map<string, SparkFolder>()): Map<string, SparkFolder> {
  into.set(f.uid, f);
  for (const s of f.stages ?? []) foldersByUid(s, into);
  return into;
}

/** Reads the folder at `path` (absolute, already allowed by the path policy). */
export function describeModelFolder(path: string): LoadedModelView {
  const stages = loadModelFolder(path);
  const top = readSparkFolder(path);
  const folders = foldersByUid(top);
  return {
    path, className: top.className, sparkVersion: top.sparkVersion, uid: top.uid, ...(top.origin ? { origin: top.origin } : {}),
    stages: stages.map((s) => {
      const f = folders.get(s.uid);
      return {
        kind: s.kind, className: s.className, uid: s.uid, sparkVersion: f?.sparkVersion ?? top.sparkVersion, path: s.path, params: s.params,
        ...(f?.origin ? { origin: f.origin } : {}),
        ...(s.model ? { model: { ...s.model, nodeId: s.uid, summary: summaryOf(s) } } : {}),
      };
    }),
  };
}
