// Every feature.* and model.* kind's stage, by kind. features/index.ts and models/index.ts list
// their own; a kind missing here cannot run (the planner says so on the node).

import type { MlStage } from './stage.ts';
import { FEATURE_STAGES } from './features/index.ts';
import { MODEL_STAGES } from './models/index.ts';

const STAGES: Readonly<Record<string, MlStage>> = { ...FEATURE_STAGES, ...MODEL_STAGES };

export function mlStage(kind: string): MlStage | undefined {
  return STAGES[kind];
}
