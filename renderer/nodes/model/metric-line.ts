// The line a model node's card shows after a run: model.evaluate's metric and value
// (its FittedModel state is { metric, value }, engine/ml/stage.ts).

import type { FittedModel } from '../../run/run-state.ts';
import { formatNumber } from '../../panels/model/format-number.ts';

export interface MetricLine { readonly metric: string; readonly value: number | null; readonly text: string }

export function evaluateMetric(model: FittedModel | undefined): MetricLine | undefined {
  if (model?.kind !== 'model.evaluate') return undefined;
  const state = model.state as { metric?: unknown; value?: unknown } | null;
  if (typeof state?.metric !== 'string') return undefined;
  const value = typeof state.value === 'number' && Number.isFinite(state.value) ? state.value : null;
  return { metric: state.metric, value, text: `${state.metric} = ${value === null ? 'undefined' : formatNumber(value)}` };
}
