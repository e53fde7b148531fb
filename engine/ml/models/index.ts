// The model.* stages (and model.evaluate), by kind.

import type { MlStage } from '../stage.ts';
import { EVALUATE } from './evaluate.ts';
import { LINEAR_REGRESSION } from './linear-regression.ts';

export const MODEL_STAGES: Readonly<Record<string, MlStage>> = {
  'model.linearRegression': LINEAR_REGRESSION,
  'model.evaluate': EVALUATE,
};
