// The model.* stages (and model.evaluate), by kind.

import type { MlStage } from '../stage.ts';

export const MODEL_STAGES: Readonly<Record<string, MlStage>> = {};
