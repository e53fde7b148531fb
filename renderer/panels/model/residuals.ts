// The residual plot of a regression: one point per scored row with both a label and a
// prediction, at (predicted, label - predicted). A good fit scatters evenly around zero.

export interface Residuals {
  /** Row index in the preview of each point (rows with a missing label or prediction are left out). */
  readonly rows: Uint32Array;
  readonly predicted: Float64Array;
  readonly residual: Float64Array;
  /** Root mean squared residual over the points; null without points. */
  readonly rmse: number | null;
  /** Rows left out for a missing (null or NaN) label or prediction. */
  readonly skipped: number;
}

export function residuals(label: ArrayLike<number>, prediction: ArrayLike<number>): Residuals {
  const n = Math.min(label.length, prediction.length);
  const rows = new Uint32Array(n);
  const predicted = new Float64Array(n);
  const residual = new Float64Array(n);
  let count = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const y = label[i]!;
    const p = prediction[i]!;
    if (!Number.isFinite(y) || !Number.isFinite(p)) continue;
    const r = y - p;
    rows[count] = i;
    predicted[count] = p;
    residual[count] = r;
    squares += r * r;
    count++;
  }
  return {
    rows: rows.slice(0, count), predicted: predicted.slice(0, count), residual: residual.slice(0, count),
    rmse: count > 0 ? Math.sqrt(squares / count) : null, skipped: n - count,
  };
}
