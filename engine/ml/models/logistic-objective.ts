// The log-loss of logistic regression and its gradient, block by block (training-set.ts), as
// Spark's blocked aggregators: one pass over a block's rows adds sum w * loss, sum w * r * x and
// sum w * r (r the residual, p - y) for each of K margins (K = 1 binomial, K = numClasses
// multinomial). The model is passed in the original feature space: coefficients `a` (K x k,
// row-major) and offsets (K), from which the caller maps back to the gradient of the
// standardized coefficients it optimizes. One block's sums depend only on the block and the
// model: the unit of work a worker runs over its own partition.

import type { TrainingBlock } from './training-set.ts';

export interface LossSums {
  loss: number;
  /** K x k: sum w * r_c * x. */
  readonly gx: Float64Array;
  /** K: sum w * r_c. */
  readonly g0: Float64Array;
}

export function emptyLossSums(classes: number, k: number): LossSums {
  return { loss: 0, gx: new Float64Array(classes * k), g0: new Float64Array(classes) };
}

export function addLossSums(into: LossSums, from: LossSums): void {
  into.loss += from.loss;
  for (let i = 0; i < into.gx.length; i++) into.gx[i] = into.gx[i]! + from.gx[i]!;
  for (let i = 0; i < into.g0.length; i++) into.g0[i] = into.g0[i]! + from.g0[i]!;
}

/** Binomial (labels 0 and 1): margin = offset + a.x. */
export function binomialBlock(b: TrainingBlock, k: number, a: Float64Array, offset: number, out: LossSums): void {
  const { x, y, w } = b;
  const gx = out.gx;
  let loss = 0, g0 = 0;
  for (let i = 0; i < b.n; i++) {
    const o = i * k;
    let m = offset;
    for (let j = 0; j < k; j++) m += x[o + j]! * a[j]!;
    const wi = w ? w[i]! : 1;
    if (wi === 0) continue;
    const yi = y![i]!;
    // log(1 + e^m) and the sigmoid from one exp of -|m| (no overflow).
    const e = Math.exp(m > 0 ? -m : m);
    loss += wi * ((m > 0 ? m + Math.log1p(e) : Math.log1p(e)) - yi * m);
    const r = wi * ((m >= 0 ? 1 / (1 + e) : e / (1 + e)) - yi);
    for (let j = 0; j < k; j++) gx[j] = gx[j]! + r * x[o + j]!;
    g0 += r;
  }
  out.loss += loss;
  out.g0[0] = out.g0[0]! + g0;
}

/** Multinomial (labels 0 .. K-1): margins m_c = offset_c + a_c.x, loss logsumexp(m) - m_y. */
export function multinomialBlock(b: TrainingBlock, k: number, classes: number, a: Float64Array, offsets: Float64Array, out: LossSums): void {
  const { x, y, w } = b;
  const { gx, g0 } = out;
  const m = new Float64Array(classes);
  let loss = 0;
  for (let i = 0; i < b.n; i++) {
    const wi = w ? w[i]! : 1;
    if (wi === 0) continue;
    const o = i * k;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      let s = offsets[c]!;
      for (let j = 0, ac = c * k; j < k; j++) s += x[o + j]! * a[ac + j]!;
      m[c] = s;
      if (s > max) max = s;
    }
    const yi = y![i]!;
    const my = m[yi]!;
    let sum = 0;
    for (let c = 0; c < classes; c++) { const e = Math.exp(m[c]! - max); m[c] = e; sum += e; }
    loss += wi * (Math.log(sum) + max - my);
    for (let c = 0; c < classes; c++) {
      const r = wi * (m[c]! / sum - (c === yi ? 1 : 0));
      g0[c] = g0[c]! + r;
      for (let j = 0, ac = c * k; j < k; j++) gx[ac + j] = gx[ac + j]! + r * x[o + j]!;
    }
  }
  out.loss += loss;
}
