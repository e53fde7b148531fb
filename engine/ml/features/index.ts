// The feature.* stages, by kind.

import type { MlStage } from '../stage.ts';

export const FEATURE_STAGES: Readonly<Record<string, MlStage>> = {};
