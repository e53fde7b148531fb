// Mergeable first and second moments of (features, label): count, means, and the co-moment
// sums sum (x - mean)(x - mean)^T (packed upper triangle), sum (x - mean)(y - mean), sum (y - mean)^2.
// They are Spark WeightedLeastSquares' sufficient statistics (count, sums, X^T X, X^T y, y^T y)
// kept centered: a batch is centered on its own mean (two passes over the batch) and batches and
// partitions merge by Chan et al.'s formula, so large means do not cancel the variances away.
// With instance weights (weightCol) every sum is weighted and `n` is the sum of the weights, as
// Spark's weighted statistics; `count` is the number of rows.

export interface Moments {
  /** The sum of the weights (the row count without weights). */
  n: number;
  count: number;
  k: number;
  meanX: Float64Array;
  meanY: number;
  /** Packed upper triangle: element (i, j), i <= j, at j * (j + 1) / 2 + i. */
  cxx: Float64Array;
  cxy: Float64Array;
  cyy: number;
}

export interface MomentsJson {
  n: number; count: number; k: number; meanX: number[]; meanY: number; cxx: number[]; cxy: number[]; cyy: number;
}

export function emptyMoments(k: number): Moments {
  return { n: 0, count: 0, k, meanX: new Float64Array(k), meanY: 0, cxx: new Float64Array((k * (k + 1)) / 2), cxy: new Float64Array(k), cyy: 0 };
}

export function packedIndex(i: number, j: number): number {
  return i <= j ? (j * (j + 1)) / 2 + i : (i * (i + 1)) / 2 + j;
}

/** The moments of `n` rows (row-major features of size k, labels, optional weights). */
export function batchMoments(x: Float64Array, y: Float64Array, n: number, k: number, w?: Float64Array): Moments {
  const m = emptyMoments(k);
  if (n === 0) return m;
  m.count = n;
  let total = 0;
  const mx = m.meanX;
  let my = 0;
  for (let r = 0; r < n; r++) {
    const o = r * k;
    const wr = w ? w[r]! : 1;
    total += wr;
    for (let j = 0; j < k; j++) mx[j] = mx[j]! + wr * x[o + j]!;
    my += wr * y[r]!;
  }
  if (total === 0) return m; // only rows of weight 0: they count, but weigh nothing
  m.n = total;
  for (let j = 0; j < k; j++) mx[j] = mx[j]! / total;
  my /= total;
  m.meanY = my;
  const d = new Float64Array(k);
  const { cxx, cxy } = m;
  let cyy = 0;
  for (let r = 0; r < n; r++) {
    const o = r * k;
    const wr = w ? w[r]! : 1;
    for (let j = 0; j < k; j++) d[j] = x[o + j]! - mx[j]!;
    const dy = y[r]! - my;
    cyy += wr * dy * dy;
    for (let j = 0; j < k; j++) {
      const dj = wr * d[j]!;
      cxy[j] = cxy[j]! + dj * dy;
      const base = (j * (j + 1)) / 2;
      for (let i = 0; i <= j; i++) cxx[base + i] = cxx[base + i]! + d[i]! * dj;
    }
  }
  m.cyy = cyy;
  return m;
}

/** Adds `b` into `a` (Chan et al.'s parallel update). */
export function mergeMoments(a: Moments, b: Moments): void {
  a.count += b.count;
  if (b.n === 0) return;
  if (a.n === 0) {
    a.n = b.n; a.meanX.set(b.meanX); a.meanY = b.meanY; a.cxx.set(b.cxx); a.cxy.set(b.cxy); a.cyy = b.cyy;
    return;
  }
  const n = a.n + b.n;
  const f = (a.n * b.n) / n;
  const k = a.k;
  const dx = new Float64Array(k);
  for (let j = 0; j < k; j++) dx[j] = b.meanX[j]! - a.meanX[j]!;
  const dy = b.meanY - a.meanY;
  for (let j = 0; j < k; j++) {
    const base = (j * (j + 1)) / 2;
    for (let i = 0; i <= j; i++) a.cxx[base + i] = a.cxx[base + i]! + b.cxx[base + i]! + dx[i]! * dx[j]! * f;
    a.cxy[j] = a.cxy[j]! + b.cxy[j]! + dx[j]! * dy * f;
  }
  a.cyy += b.cyy + dy * dy * f;
  for (let j = 0; j < k; j++) a.meanX[j] = a.meanX[j]! + (dx[j]! * b.n) / n;
  a.meanY += (dy * b.n) / n;
  a.n = n;
}

export function momentsToJson(m: Moments): MomentsJson {
  return { n: m.n, count: m.count, k: m.k, meanX: [...m.meanX], meanY: m.meanY, cxx: [...m.cxx], cxy: [...m.cxy], cyy: m.cyy };
}

export function momentsFromJson(j: MomentsJson): Moments {
  return {
    n: j.n, count: j.count, k: j.k, meanX: Float64Array.from(j.meanX), meanY: j.meanY,
    cxx: Float64Array.from(j.cxx), cxy: Float64Array.from(j.cxy), cyy: j.cyy,
  };
}
