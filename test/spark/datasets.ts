// Deterministic datasets of the Spark conformance suite (mulberry32 from engine/compute/batches.test-helper.ts): every
// column is built from a fixed seed, so Spark and Tributary read the very same Parquet file.
// Each dataset carries the hazards its stages must handle as Spark does: nulls and NaN where a
// handleInvalid allows them, skewed categories with exact ties in their frequencies (the order of
// tied labels is a rule of its own), values exactly on bucket boundaries, a constant feature
// (zero variance), collinear-ish features, tied classifier scores.

import type { ColumnSpec, Value } from '../../engine/compute/batches.test-helper.ts';
import { rng } from '../../engine/compute/batches.test-helper.ts';
import { overlapData, weightedData } from './datasets-scale.ts';

export interface Dataset { readonly name: string; readonly columns: readonly ColumnSpec[] }

const ids = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Standard normal (Box-Muller) from a uniform stream. */
function gauss(r: () => number): number {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

/** Values with exact multiplicities, shuffled: ties in frequency are certain, not left to chance. */
function withCounts<T>(counts: readonly (readonly [T, number])[], r: () => number): T[] {
  const out: T[] = [];
  for (const [v, c] of counts) for (let i = 0; i < c; i++) out.push(v);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** 600 rows for the imputer, assembler, indexer, encoder and bucketizer. */
export function mixedData(): Dataset {
  const n = 600;
  const r = rng(20261125);
  // x1: doubles with ~10% null and ~5% NaN; x2: no missing values, some exactly on the
  // bucketizer's boundaries (-10, 0, 0.5, 10); x3: nulls but no NaN.
  const x1: Value[] = ids(n).map(() => (r() < 0.1 ? null : r() < 0.05 ? Number.NaN : round(r() * 200 - 50, 6)));
  const boundaries = [-10, 0, 0.5, 10];
  const x2: Value[] = ids(n).map(() => (r() < 0.08 ? boundaries[Math.floor(r() * 4)]! : round(gauss(r) * 20, 6)));
  const x3: Value[] = ids(n).map(() => (r() < 0.12 ? null : round(r() * 40 - 20, 4)));
  // k: skewed small integers (mode and median are meaningful) with nulls; its mean is not an
  // integer, so an int column's surrogate shows Spark's cast back to the input type.
  const k: Value[] = ids(n).map(() => (r() < 0.1 ? null : Math.floor(12 * r() ** 2) - 3));
  // cat: skewed, with exact frequency ties (a/b, été/B/日本, zz/🙂ok), '' as a value, and nulls.
  const cat = withCounts<string | null>([
    ['b', 120], ['a', 120], ['été', 70], ['B', 70], ['日本', 70], ['', 40], ['x y', 35], ['Zürich', 35], ['zz', 10], ['🙂ok', 10], [null, 20],
  ], r);
  // cat2: no nulls, ties too (for the one-hot encoder and handleInvalid 'error').
  const cat2 = withCounts<string>([['red', 250], ['green', 150], ['blue', 150], ['black', 50]], r);
  // num: integers indexed as text ("10" sorts before "9" alphabetically).
  const num = withCounts<number>([[9, 200], [10, 150], [100, 100], [-1, 100], [2, 50]], r);
  const flag: Value[] = ids(n).map(() => r() < 0.3);
  // cat3: nulls but no '' (Spark's one-hot encoder rejects an indexer's '' label: "Cannot have an
  // empty string for name", a quirk of its column metadata, so '' stays out of that case).
  const cat3 = withCounts<string | null>([['p', 300], ['q', 200], ['s', 70], [null, 30]], r);
  return {
    name: 'mixed',
    columns: [
      { name: 'id', type: 'int32', values: ids(n) },
      { name: 'x1', type: 'float64', values: x1 },
      { name: 'x2', type: 'float64', values: x2 },
      { name: 'x3', type: 'float64', values: x3 },
      { name: 'k', type: 'int32', values: k },
      { name: 'cat', type: 'string', values: cat },
      { name: 'cat2', type: 'string', values: cat2 },
      { name: 'num', type: 'int32', values: num },
      { name: 'flag', type: 'bool', values: flag },
      { name: 'cat3', type: 'string', values: cat3 },
    ],
  };
}

/** 500 rows for linear regression and the scalers: f4 is nearly 2 * f1, c is constant. */
export function regressionData(): Dataset {
  const n = 500;
  const r = rng(7001);
  const f1 = ids(n).map(() => round(gauss(r) * 3 + 1, 6));
  const f2 = ids(n).map(() => round(r() * 100, 6));
  const f3 = ids(n).map(() => round(gauss(r) * 0.5 - 4, 6));
  const f4 = f1.map((v) => round(2 * v + gauss(r) * 0.05, 6));
  const label = ids(n).map((i) => round(3 + 1.5 * f1[i]! - 0.02 * f2[i]! + 0.8 * f3[i]! + 0.3 * f4[i]! + gauss(r) * 0.7, 6));
  return {
    name: 'regression',
    columns: [
      { name: 'id', type: 'int32', values: ids(n) },
      { name: 'f1', type: 'float64', values: f1 },
      { name: 'f2', type: 'float64', values: f2 },
      { name: 'f3', type: 'float64', values: f3 },
      { name: 'f4', type: 'float64', values: f4 },
      { name: 'c', type: 'float64', values: ids(n).map(() => 7.5) },
      { name: 'label', type: 'float64', values: label },
    ],
  };
}

/** 600 rows for logistic regression: classes overlap (no separation: the fit has a finite optimum). */
export function binaryData(): Dataset {
  const n = 600;
  const r = rng(4242);
  const f1 = ids(n).map(() => round(gauss(r), 6));
  const f2 = ids(n).map(() => round(gauss(r) * 2 + 1, 6));
  const f3 = ids(n).map(() => round(r() * 10, 6));
  const label = ids(n).map((i) => {
    const m = -0.5 + 1.2 * f1[i]! - 0.7 * f2[i]! + 0.15 * f3[i]!;
    return r() < 1 / (1 + Math.exp(-m)) ? 1 : 0;
  });
  return {
    name: 'binary',
    columns: [
      { name: 'id', type: 'int32', values: ids(n) },
      { name: 'f1', type: 'float64', values: f1 },
      { name: 'f2', type: 'float64', values: f2 },
      { name: 'f3', type: 'float64', values: f3 },
      { name: 'label', type: 'float64', values: label },
    ],
  };
}

/** 300 rows around three far-apart centers: any good k-means finds the same three clusters. */
export function blobData(): Dataset {
  const centers = [[0, 0], [20, 5], [-8, 30]] as const;
  const r = rng(99);
  const x: number[] = []; const y: number[] = [];
  for (let i = 0; i < 300; i++) {
    const c = centers[i % 3]!;
    x.push(round(c[0] + gauss(r), 6));
    y.push(round(c[1] + gauss(r), 6));
  }
  return {
    name: 'blobs',
    columns: [
      { name: 'id', type: 'int32', values: ids(300) },
      { name: 'x', type: 'float64', values: x },
      { name: 'y', type: 'float64', values: y },
    ],
  };
}

/** 800 rows of labels and predictions for the evaluator: scores with ties (two decimals). */
export function scoreData(): Dataset {
  const n = 800;
  const r = rng(31337);
  const y = ids(n).map(() => round(gauss(r) * 10 + 50, 4));
  const yhat = y.map((v) => round(v + gauss(r) * 3 + 0.5, 4));
  const cls = ids(n).map(() => (r() < 0.35 ? 1 : 0));
  // Tied scores: about 100 distinct values, so the ROC curve has tied thresholds (and far fewer
  // than 2 * numBins distinct scores: Spark's default numBins = 1000 does not down-sample).
  const score = cls.map((c) => round(Math.min(1, Math.max(0, 0.35 + (c ? 0.2 : -0.05) + gauss(r) * 0.2)), 2));
  const pred = score.map((s) => (s > 0.45 ? 1 : 0));
  return {
    name: 'scores',
    columns: [
      { name: 'id', type: 'int32', values: ids(n) },
      { name: 'y', type: 'float64', values: y },
      { name: 'yhat', type: 'float64', values: yhat },
      { name: 'cls', type: 'float64', values: cls },
      { name: 'score', type: 'float64', values: score },
      { name: 'pred', type: 'float64', values: pred },
    ],
  };
}

/** 2000 rows for feature.split's own checks (no Spark reference: see ml-conformance.test.ts). */
export function splitData(): Dataset {
  const r = rng(5);
  return {
    name: 'split',
    columns: [
      { name: 'id', type: 'int32', values: ids(2000) },
      { name: 'v', type: 'float64', values: ids(2000).map(() => round(r() * 10, 3)) },
    ],
  };
}

export const DATASETS: readonly (() => Dataset)[] = [mixedData, regressionData, binaryData, blobData, scoreData, splitData, weightedData, overlapData];
