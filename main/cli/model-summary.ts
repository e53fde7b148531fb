// A fitted model's summary (FittedModel.summary) as one line for a terminal: named numbers in the
// stage's display order, at 6 significant digits, long lists cut with a count of the rest.

import type { FittedModel } from '../../engine/ml/stage.ts';

const LIST_MAX = 8;

function numberText(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6)));
}

function valueText(v: FittedModel['summary'][string]): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'string') return v;
  const shown = v.slice(0, LIST_MAX).map((x) => (typeof x === 'number' ? numberText(x) : x));
  return `[${shown.join(', ')}${v.length > LIST_MAX ? `, … ${v.length - LIST_MAX} more` : ''}]`;
}

/** `model (model.linearRegression): coefficients [1.5, -2], intercept 3, r2 0.91` */
export function modelSummaryLine(model: FittedModel): string {
  const parts = Object.entries(model.summary).map(([k, v]) => `${k} ${valueText(v)}`);
  return `${model.nodeId} (${model.kind})${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}
