// The ROC curve of a binary classifier, as Spark's BinaryClassificationMetrics draws it: one
// point per distinct score threshold (rows with equal scores move together), from (0, 0) to
// (1, 1), false positive rate on x, true positive rate on y; the area under it by trapezoids.

export interface Roc {
  readonly fpr: Float64Array;
  readonly tpr: Float64Array;
  /** Area under the curve; null when the rows hold only one class (no curve to draw). */
  readonly auc: number | null;
  readonly positives: number;
  readonly negatives: number;
}

/** `label` is 1 for the positive class (any other finite value is negative); `score` ranks rows
 *  (say, the probability of 1). Rows with a missing label or score are left out. */
export function rocCurve(label: ArrayLike<number>, score: ArrayLike<number>): Roc {
  const n = Math.min(label.length, score.length);
  const order: number[] = [];
  let positives = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(label[i]!) || Number.isNaN(score[i]!)) continue;
    order.push(i);
    if (label[i] === 1) positives++;
  }
  const negatives = order.length - positives;
  order.sort((a, b) => score[b]! - score[a]!);
  const fpr: number[] = [0];
  const tpr: number[] = [0];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length;) {
    const s = score[order[k]!]!;
    // One threshold takes every row of that score at once.
    while (k < order.length && score[order[k]!] === s) {
      if (label[order[k]!] === 1) tp++; else fp++;
      k++;
    }
    fpr.push(negatives > 0 ? fp / negatives : 0);
    tpr.push(positives > 0 ? tp / positives : 0);
  }
  if (order.length === 0 || fpr[fpr.length - 1] !== 1 || tpr[tpr.length - 1] !== 1) {
    fpr.push(1);
    tpr.push(1);
  }
  let auc: number | null = null;
  if (positives > 0 && negatives > 0) {
    auc = 0;
    for (let i = 1; i < fpr.length; i++) auc += (fpr[i]! - fpr[i - 1]!) * (tpr[i]! + tpr[i - 1]!) / 2;
  }
  return { fpr: Float64Array.from(fpr), tpr: Float64Array.from(tpr), auc, positives, negatives };
}

/** At most `max` points of a curve, the ends kept: a curve over thousands of thresholds draws the same. */
export function thinCurve(x: Float64Array, y: Float64Array, max: number): { x: Float64Array; y: Float64Array } {
  if (x.length <= max || max < 2) return { x, y };
  const ox = new Float64Array(max);
  const oy = new Float64Array(max);
  for (let i = 0; i < max; i++) {
    const at = Math.round((i * (x.length - 1)) / (max - 1));
    ox[i] = x[at]!;
    oy[i] = y[at]!;
  }
  return { x: ox, y: oy };
}
