// k-means|| (Bahmani et al.), Spark MLlib's default initialisation of KMeans (initSteps 2):
//   1. one row as the first candidate;
//   2. initSteps rounds: every row's cost (squared distance to the nearest candidate so far) is
//      updated with the last round's candidates, and each row becomes a candidate with
//      probability 2 k cost / total cost;
//   3. the distinct candidates, weighted by how many rows are nearest to each, are reduced to k
//      centers by a weighted k-means++ and up to 30 weighted Lloyd iterations (LocalKMeans).
// Spark draws step 2 from a random stream per partition, so its choice depends on the
// partitioning. Here a row's draw is a hash of the seed, the round and the row's values, and the
// first candidate is the row with the smallest hash: the same rows are chosen for any
// partitioning (but for a value or draw landing within rounding of a boundary), and the candidates are
// sorted by value before step 3, whose draws come from mulberry32(seed). Each round is one pass
// per block (training-set.ts), the passes Spark makes per partition.

import { fmix } from '../../compute/hash.ts';
import { mulberry32 } from '../../random.ts';
import type { TrainingSet } from './training-set.ts';

const LOCAL_ITERATIONS = 30;

const scratch = new Float64Array(1);
const words = new Int32Array(scratch.buffer);

/** A uniform draw in [0, 1) from the seed, the round and the row's values: of each value only its
 *  high 32 bits (sign, exponent, 20 bits of mantissa: 6 digits), as features scaled by statistics
 *  merged from partials differ between partitionings in their last bits. */
function rowUniform(x: Float64Array, o: number, d: number, seed: number, round: number): number {
  let h = fmix((seed | 0) ^ Math.imul(round + 1, 0x9e3779b1));
  h = Math.imul(h ^ ((seed / 2 ** 32) | 0), 0x85ebca6b);
  for (let t = 0; t < d; t++) {
    const v = x[o + t]!;
    scratch[0] = v === 0 ? 0 : v; // -0 as 0
    h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
    h ^= Math.imul(words[1]!, 0xcc9e2d51);
    h = Math.imul((h << 15) | (h >>> 17), 0x1b873593);
  }
  return (fmix(h ^ d) >>> 0) / 4294967296;
}

export function squaredDistance(x: Float64Array, o: number, c: Float64Array, co: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) { const v = x[o + t]! - c[co + t]!; s += v * v; }
  return s;
}

/** Index of the closest of `k` centers (the lower index on a tie); its distance in out[0]. */
export function closestCenter(x: Float64Array, o: number, centers: Float64Array, k: number, d: number, out?: Float64Array): number {
  let best = 0, bestDist = Infinity;
  for (let j = 0; j < k; j++) {
    const s = squaredDistance(x, o, centers, j * d, d);
    if (s < bestDist) { bestDist = s; best = j; }
  }
  if (out) out[0] = bestDist;
  return best;
}

function compareRows(a: Float64Array, b: Float64Array): number {
  for (let t = 0; t < a.length; t++) if (a[t] !== b[t]) return a[t]! < b[t]! ? -1 : 1;
  return 0;
}

/** The initial centers (k * d, row-major; fewer when there are fewer distinct rows than k). */
export function kMeansParallel(set: TrainingSet, k: number, seed: number, steps: number): Float64Array {
  const d = set.size;
  // The first candidate: the row with the smallest draw.
  let first: Float64Array | undefined;
  let firstDraw = Infinity;
  for (const b of set.blocks) {
    for (let i = 0; i < b.n; i++) {
      const u = rowUniform(b.x, i * d, d, seed, -1);
      if (u < firstDraw) { firstDraw = u; first = b.x.slice(i * d, i * d + d); }
    }
  }
  const candidates: Float64Array[] = [first!];
  const costs: Float64Array[] = [];
  for (const b of set.blocks) costs.push(new Float64Array(b.n).fill(Infinity));
  let fresh = [first!];
  // A round that draws no row leaves the costs as they are; the next round draws again (Spark).
  for (let step = 0; step < steps; step++) {
    const flat = Float64Array.from(fresh.flatMap((c) => [...c]));
    let total = 0;
    let at = 0;
    for (const b of set.blocks) {
      const cost = costs[at++]!;
      let blockTotal = 0;
      for (let i = 0; i < b.n; i++) {
        for (let j = 0; j < fresh.length; j++) cost[i] = Math.min(cost[i]!, squaredDistance(b.x, i * d, flat, j * d, d));
        blockTotal += cost[i]!;
      }
      total += blockTotal;
    }
    if (!(total > 0)) break; // every row is a candidate already
    fresh = [];
    at = 0;
    for (const b of set.blocks) {
      const cost = costs[at++]!;
      for (let i = 0; i < b.n; i++) {
        if (cost[i]! > 0 && rowUniform(b.x, i * d, d, seed, step) < (2 * k * cost[i]!) / total) fresh.push(b.x.slice(i * d, i * d + d));
      }
    }
    candidates.push(...fresh);
  }
  const distinct = candidates.sort(compareRows).filter((c, i, all) => i === 0 || compareRows(all[i - 1]!, c) !== 0);
  const flat = Float64Array.from(distinct.flatMap((c) => [...c]));
  if (distinct.length <= k) return flat;
  const weights = new Float64Array(distinct.length);
  for (const b of set.blocks) {
    for (let i = 0; i < b.n; i++) {
      const j = closestCenter(b.x, i * d, flat, distinct.length, d);
      weights[j] = weights[j]! + 1;
    }
  }
  return localKMeans(flat, weights, distinct.length, d, k, seed);
}

/** Weighted k-means++ over the candidates, then weighted Lloyd iterations (Spark's LocalKMeans). */
function localKMeans(points: Float64Array, weights: Float64Array, n: number, d: number, k: number, seed: number): Float64Array {
  const next = mulberry32(seed);
  const centers = new Float64Array(k * d);
  const pick = (score: (i: number) => number): number => {
    let total = 0;
    for (let i = 0; i < n; i++) total += score(i);
    const r = next() * total;
    let i = 0, acc = 0;
    while (i < n && acc < r) { acc += score(i); i++; }
    return Math.max(i - 1, 0);
  };
  const f = pick((i) => weights[i]!);
  centers.set(points.subarray(f * d, f * d + d), 0);
  const cost = new Float64Array(n);
  for (let i = 0; i < n; i++) cost[i] = squaredDistance(points, i * d, centers, 0, d);
  for (let c = 1; c < k; c++) {
    const p = pick((i) => weights[i]! * cost[i]!);
    centers.set(points.subarray(p * d, p * d + d), c * d);
    for (let i = 0; i < n; i++) cost[i] = Math.min(cost[i]!, squaredDistance(points, i * d, centers, c * d, d));
  }
  const assigned = new Int32Array(n).fill(-1);
  const sums = new Float64Array(k * d), counts = new Float64Array(k);
  for (let iteration = 0, moved = true; moved && iteration < LOCAL_ITERATIONS; iteration++) {
    moved = false;
    sums.fill(0); counts.fill(0);
    for (let i = 0; i < n; i++) {
      const j = closestCenter(points, i * d, centers, k, d);
      for (let t = 0; t < d; t++) sums[j * d + t] = sums[j * d + t]! + weights[i]! * points[i * d + t]!;
      counts[j] = counts[j]! + weights[i]!;
      if (j !== assigned[i]) { moved = true; assigned[i] = j; }
    }
    for (let j = 0; j < k; j++) {
      if (counts[j] === 0) {
        const r = Math.min(n - 1, Math.floor(next() * n));
        centers.set(points.subarray(r * d, r * d + d), j * d);
      } else {
        for (let t = 0; t < d; t++) centers[j * d + t] = sums[j * d + t]! / counts[j]!;
      }
    }
  }
  return centers;
}
