// The feature.* stages, by kind.

import type { MlStage } from '../stage.ts';
import { bucketizer } from './bucketizer.ts';
import { imputer } from './imputer.ts';
import { minMaxScaler } from './min-max-scaler.ts';
import { oneHotEncoder } from './one-hot-encoder.ts';
import { split } from './split.ts';
import { standardScaler } from './standard-scaler.ts';
import { stringIndexer } from './string-indexer.ts';
import { vectorAssembler } from './vector-assembler.ts';

export const FEATURE_STAGES: Readonly<Record<string, MlStage>> = {
  'feature.imputer': imputer,
  'feature.vectorAssembler': vectorAssembler,
  'feature.standardScaler': standardScaler,
  'feature.minMaxScaler': minMaxScaler,
  'feature.stringIndexer': stringIndexer,
  'feature.oneHotEncoder': oneHotEncoder,
  'feature.bucketizer': bucketizer,
  'feature.split': split,
};
