// The model.* stages (and model.evaluate), by kind.

import type { MlStage } from '../stage.ts';
import { EVALUATE } from './evaluate.ts';
import { KMEANS } from './kmeans.ts';
import { LINEAR_REGRESSION } from './linear-regression.ts';
import { LOGISTIC_REGRESSION } from './logistic-regression.ts';
import { MODEL_LOAD } from './model-load.ts';
import { SILHOUETTE_STATS, SILHOUETTE_STATS_STAGE } from './silhouette.ts';

export const MODEL_STAGES: Readonly<Record<string, MlStage>> = {
  'model.linearRegression': LINEAR_REGRESSION,
  'model.logisticRegression': LOGISTIC_REGRESSION,
  'model.kmeans': KMEANS,
  'model.evaluate': EVALUATE,
  'model.load': MODEL_LOAD,
  [SILHOUETTE_STATS]: SILHOUETTE_STATS_STAGE,
};
