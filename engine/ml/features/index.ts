// The feature.* stages, by kind.

import type { MlStage } from '../stage.ts';
import { imputer } from './imputer.ts';

export const FEATURE_STAGES: Readonly<Record<string, MlStage>> = {
  'feature.imputer': imputer,
};
