// The exact area under the ROC curve, from a score histogram: the distinct scores, ascending, with
// the number of positive and negative rows at each. Rows of one score form one ROC point, so ties
// count one half, as the pairwise (Mann-Whitney) definition has it. Scores are counted by sorting
// typed arrays (value-counts.ts), not in a Map of tuples: millions of distinct probabilities cost
// 8 bytes a row while counted, then 24 bytes per distinct score.

import { Float64 } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import { makeBatch } from '../../compute/arrow-types.ts';
import { fixedData } from '../../compute/arrow-build.ts';
import { ValueCounter, type ValueCounts } from '../features/value-counts.ts';

export interface ScoreHistogram {
  /** Distinct scores, ascending (-0 and 0 are one score). */
  readonly scores: Float64Array;
  readonly positives: Float64Array;
  readonly negatives: Float64Array;
}

const EMPTY: ScoreHistogram = { scores: new Float64Array(0), positives: new Float64Array(0), negatives: new Float64Array(0) };

/** Scores of one partition, added row by row. */
export class ScoreCounter {
  private readonly positive = new ValueCounter();
  private readonly negative = new ValueCounter();

  add(score: number, isPositive: boolean): void {
    (isPositive ? this.positive : this.negative).push(score);
  }

  histogram(): ScoreHistogram {
    return histogramOf(this.positive.result(), this.negative.result());
  }
}

/** The histogram of positive and negative scores already counted by value. */
export function histogramOf(positive: ValueCounts, negative: ValueCounts): ScoreHistogram {
  return mergeHistograms(
    { scores: positive.values, positives: positive.counts, negatives: new Float64Array(positive.values.length) },
    { scores: negative.values, positives: new Float64Array(negative.values.length), negatives: negative.counts },
  );
}

/** Two histograms as one: equal scores add their counts. */
export function mergeHistograms(a: ScoreHistogram, b: ScoreHistogram): ScoreHistogram {
  const na = a.scores.length, nb = b.scores.length;
  const scores = new Float64Array(na + nb), positives = new Float64Array(na + nb), negatives = new Float64Array(na + nb);
  let i = 0, j = 0, k = 0;
  while (i < na || j < nb) {
    const fromA = j >= nb || (i < na && a.scores[i]! <= b.scores[j]!);
    const fromB = i >= na || (j < nb && b.scores[j]! <= a.scores[i]!);
    scores[k] = fromA ? a.scores[i]! : b.scores[j]!;
    if (fromA) { positives[k] = positives[k]! + a.positives[i]!; negatives[k] = negatives[k]! + a.negatives[i]!; i++; }
    if (fromB) { positives[k] = positives[k]! + b.positives[j]!; negatives[k] = negatives[k]! + b.negatives[j]!; j++; }
    k++;
  }
  return { scores: scores.subarray(0, k), positives: positives.subarray(0, k), negatives: negatives.subarray(0, k) };
}

const FIELDS = [
  { name: 'score', type: 'float64' as const, nullable: false },
  { name: 'positives', type: 'float64' as const, nullable: false },
  { name: 'negatives', type: 'float64' as const, nullable: false },
];

/** A histogram as a batch, how a partition's scores cross to the final fit. */
export function histogramBatch(h: ScoreHistogram): RecordBatch {
  const n = h.scores.length;
  return makeBatch(FIELDS, [fixedData(new Float64(), h.scores, n), fixedData(new Float64(), h.positives, n), fixedData(new Float64(), h.negatives, n)], n);
}

/** Every partition's histogram batch merged into one. */
export function readHistogramBatches(batches: readonly RecordBatch[]): ScoreHistogram {
  let all = EMPTY;
  for (const b of batches) {
    const [scores, positives, negatives] = FIELDS.map((f) => b.getChild(f.name)!.toArray() as Float64Array) as [Float64Array, Float64Array, Float64Array];
    all = mergeHistograms(all, { scores, positives, negatives });
  }
  return all;
}

/**
 * Trapezoidal area under the ROC curve through one point per distinct score, highest first;
 * null when a class is missing (Spark: NaN).
 */
export function areaUnderRoc(h: ScoreHistogram): number | null {
  let totalPos = 0, totalNeg = 0;
  for (let i = 0; i < h.scores.length; i++) { totalPos += h.positives[i]!; totalNeg += h.negatives[i]!; }
  if (totalPos === 0 || totalNeg === 0) return null;
  let tp = 0, area = 0;
  for (let i = h.scores.length - 1; i >= 0; i--) {
    const p = h.positives[i]!, q = h.negatives[i]!;
    // The trapezoid from (fp, tp) to (fp + q, tp + p), in counts; scaled at the end.
    area += q * (tp + p / 2);
    tp += p;
  }
  return area / (totalPos * totalNeg);
}
