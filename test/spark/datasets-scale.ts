// Datasets of the Spark conformance cases for multinomial logistic regression, instance weights
// and k-means|| (cases-scale.ts): deterministic, as datasets.ts.

import type { Dataset } from './datasets.ts';
import { rng } from '../../engine/compute/batches.test-helper.ts';

const ids = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

function gauss(r: () => number): number {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

/** 450 rows: three features, a 3-class label and a binary one (class 0 or not) (softmax of linear scores, sampled: noisy, not
 *  separable), a continuous label and an instance weight in [0.25, 3]. */
export function weightedData(): Dataset {
  const n = 450;
  const r = rng(4242);
  const f1: number[] = [], f2: number[] = [], f3: number[] = [], cls: number[] = [], y: number[] = [], w: number[] = [];
  const weights = [[1.2, -0.8, 0.3], [-0.5, 1.1, -0.4], [-0.7, -0.3, 0.9]] as const;
  const bias = [0.2, -0.1, 0.4] as const;
  for (let i = 0; i < n; i++) {
    const x = [round(gauss(r) * 2 + 1, 6), round(gauss(r) * 0.5 - 3, 6), round(gauss(r) * 4, 6)] as const;
    f1.push(x[0]); f2.push(x[1]); f3.push(x[2]);
    const e = weights.map((wc, c) => Math.exp(bias[c]! + wc[0] * x[0] + wc[1] * x[1] + wc[2] * x[2] * 0.3));
    const total = e[0]! + e[1]! + e[2]!;
    const u = r() * total;
    cls.push(u < e[0]! ? 0 : u < e[0]! + e[1]! ? 1 : 2);
    y.push(round(3 * x[0] - 2 * x[1] + 0.5 * x[2] + gauss(r) * 1.5, 6));
    w.push(round(0.25 + r() * 2.75, 3));
  }
  return {
    name: 'weighted',
    columns: [
      { name: 'id', type: 'int32', values: ids(n) },
      { name: 'f1', type: 'float64', values: f1 },
      { name: 'f2', type: 'float64', values: f2 },
      { name: 'f3', type: 'float64', values: f3 },
      { name: 'cls', type: 'float64', values: cls },
      { name: 'bin', type: 'float64', values: cls.map((c) => (c === 0 ? 1 : 0)) },
      { name: 'y', type: 'float64', values: y },
      { name: 'w', type: 'float64', values: w },
    ],
  };
}

/** 3000 rows in 3-D from five overlapping Gaussian clusters (centers about 2 standard deviations
 *  apart, unequal sizes): k-means has several local optima here, as on real data. */
export function overlapData(): Dataset {
  const n = 3000;
  const r = rng(777);
  const centers = [[0, 0, 0], [2, 1, 0], [0, 2.5, 1], [3, 3, 2], [1, -2, 2]] as const;
  const share = [0.3, 0.25, 0.2, 0.15, 0.1];
  const x: number[] = [], y: number[] = [], z: number[] = [];
  for (let i = 0; i < n; i++) {
    let u = r(), c = 0;
    while (c < 4 && u >= share[c]!) { u -= share[c]!; c++; }
    const m = centers[c]!;
    x.push(round(m[0] + gauss(r), 6)); y.push(round(m[1] + gauss(r), 6)); z.push(round(m[2] + gauss(r), 6));
  }
  return {
    name: 'overlap',
    columns: [
      { name: 'id', type: 'int32', values: ids(n) },
      { name: 'x', type: 'float64', values: x },
      { name: 'y', type: 'float64', values: y },
      { name: 'z', type: 'float64', values: z },
    ],
  };
}
