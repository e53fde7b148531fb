// The feature.* stages, by kind.

import type { MlStage } from '../stage.ts';
import { bucketizer } from './bucketizer.ts';
import { imputer } from './imputer.ts';
import { oneHotEncoder } from './one-hot-encoder.ts';
import { split } from './split.ts';
import { stringIndexer } from './string-indexer.ts';
import { vectorAssembler } from './vector-assembler.ts';

export const FEATURE_STAGES: Readonly<Record<string, MlStage>> = {
  'feature.imputer': imputer,
  'feature.vectorAssembler': vectorAssembler,
  'feature.bucketizer': bucketizer,
  'feature.split': split,
  'feature.stringIndexer': stringIndexer,
  'feature.oneHotEncoder': oneHotEncoder,
};
