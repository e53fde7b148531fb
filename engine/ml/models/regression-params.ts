// The parameters linear and logistic regression share. Their ranges are checked when the document
// is lowered (engine/logical/lower-ml.ts); checked again here because a stage can be called
// directly (tests, exported scripts).

import { NodeExecutionError } from '../../errors.ts';
import type { StageContext } from '../stage.ts';

export interface RegressionParams {
  readonly fitIntercept: boolean;
  readonly standardization: boolean;
  readonly regParam: number;
  /** elasticNetParam: 0 = pure L2, 1 = pure L1. */
  readonly alpha: number;
}

export function regressionParams(ctx: StageContext): RegressionParams {
  const p = ctx.params;
  const regParam = p.regParam as number;
  const alpha = p.elasticNetParam as number;
  if (!(regParam >= 0)) {
    throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: regParam must be 0 (no regularization) or more, got ${regParam}`);
  }
  if (!(alpha >= 0 && alpha <= 1)) {
    throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: elasticNetParam must be between 0 (pure L2) and 1 (pure L1), got ${alpha}`);
  }
  return { fitIntercept: p.fitIntercept as boolean, standardization: p.standardization as boolean, regParam, alpha };
}
