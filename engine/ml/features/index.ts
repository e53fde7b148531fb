// The feature.* stages, by kind.

import type { MlStage } from '../stage.ts';
import { imputer } from './imputer.ts';
import { vectorAssembler } from './vector-assembler.ts';

export const FEATURE_STAGES: Readonly<Record<string, MlStage>> = {
  'feature.imputer': imputer,
  'feature.vectorAssembler': vectorAssembler,
};
