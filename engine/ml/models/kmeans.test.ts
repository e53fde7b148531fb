import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Type } from 'apache-arrow';
import { makeBatch } from '../../compute/arrow-types.ts';
import { rng } from '../../compute/batches.test-helper.ts';
import type { FittedModel } from '../stage.ts';
import { vectorData } from '../vector.ts';
import { KMEANS } from './kmeans.ts';
import type { KMeansState } from './kmeans.ts';
import { batchOfRows, blobRows, context, fitPartitions, fitRows, type Rows } from './rows.test-helper.ts';

const SPARK = JSON.parse(readFileSync(new URL('./spark-reference.json', import.meta.url), 'utf8')) as { kmeans: { centers: number[][]; cost: number; sizes: number[] } };

const DEFAULTS = { featuresCol: 'features', predictionCol: 'prediction', k: 3, maxIter: 20, tol: 1e-4, seed: 42 };
const ADDED = [{ name: 'prediction', type: 'int32' as const, nullable: false }];

function fit(rows: Rows, params: Record<string, unknown> = {}, parts = 1): FittedModel {
  return fitRows(KMEANS, context('model.kmeans', { ...DEFAULTS, ...params }, batchOfRows(rows, 0, 0), ADDED), rows, parts);
}
const centers = (m: FittedModel) => (m.state as KMeansState).centers;

/** Sorted by first coordinate, so two sets of centers compare element by element. */
const sorted = (cs: number[][]) => [...cs].sort((a, b) => a[0]! - b[0]!);

describe('model.kmeans against Spark 4.3 (spark-reference.py, k-means|| seed 1)', () => {
  it('finds the same set of centers, cost and sizes on well-separated blobs, for several seeds', () => {
    for (const seed of [1, 42, 7]) {
      const m = fit(blobRows(), { seed });
      const ours = sorted(centers(m));
      const spark = sorted(SPARK.kmeans.centers);
      ours.forEach((c, j) => c.forEach((v, t) => expect(Math.abs(v - spark[j]![t]!)).toBeLessThan(1e-9)));
      expect(Math.abs((m.summary.trainingCost as number) - SPARK.kmeans.cost)).toBeLessThan(1e-9);
      expect(m.summary.clusterSizes).toEqual(SPARK.kmeans.sizes);
    }
  });
});

describe('model.kmeans properties', () => {
  it('ends at a fixed point of Lloyd: each center is the mean of the rows closest to it', () => {
    const r = rng(3);
    const n = 300, d = 3;
    const features = Float64Array.from({ length: n * d }, () => r() * 10);
    const rows: Rows = { n, size: d, features, columns: {} };
    const m = fit(rows, { k: 4, maxIter: 200, tol: 0 });
    const cs = centers(m);
    const sums = cs.map(() => new Array<number>(d).fill(0));
    const counts = cs.map(() => 0);
    let cost = 0;
    for (let i = 0; i < n; i++) {
      const dists = cs.map((c) => c.reduce((s, v, t) => s + (features[i * d + t]! - v) ** 2, 0));
      const j = dists.indexOf(Math.min(...dists));
      cost += dists[j]!;
      counts[j]!++;
      for (let t = 0; t < d; t++) sums[j]![t]! += features[i * d + t]!;
    }
    cs.forEach((c, j) => c.forEach((v, t) => expect(v).toBeCloseTo(sums[j]![t]! / counts[j]!, 10)));
    expect(m.summary.trainingCost).toBeCloseTo(cost, 8);
    expect(m.summary.clusterSizes).toEqual(counts);
  });

  it('gives the same centers for 1 and 3 partitions (k-means|| draws hash the rows, not their position)', () => {
    const r = rng(5);
    const rows: Rows = { n: 200, size: 2, features: Float64Array.from({ length: 400 }, () => r()), columns: {} };
    const one = centers(fit(rows, { k: 5 }, 1));
    centers(fit(rows, { k: 5 }, 3)).forEach((c, j) => c.forEach((v, t) => expect(v).toBeCloseTo(one[j]![t]!, 12)));
  });

  it('stops at maxIter', () => {
    const r = rng(9);
    const rows: Rows = { n: 200, size: 2, features: Float64Array.from({ length: 400 }, () => r()), columns: {} };
    expect(fit(rows, { k: 6, maxIter: 1 }).summary.iterations).toBe(1);
  });
});

describe('model.kmeans degenerate inputs and apply', () => {
  it('fewer distinct rows than k: one center per distinct row (Spark)', () => {
    const rows: Rows = { n: 4, size: 2, features: Float64Array.of(1, 1, 1, 1, 5, 5, 1, 1), columns: {} };
    expect(sorted(centers(fit(rows, { k: 3 })))).toEqual([[1, 1], [5, 5]]);
    expect(centers(fit({ n: 1, size: 2, features: Float64Array.of(3, 4), columns: {} }))).toEqual([[3, 4]]);
  });

  it('no rows is an error naming the train port', () => {
    const ctx = context('model.kmeans', DEFAULTS, batchOfRows(blobRows(3)), ADDED);
    expect(() => fitPartitions(KMEANS, ctx, [[]])).toThrow(/node 'm1'.*port 'train'\) has no rows/);
  });

  it('apply appends int32 cluster indexes, the index of the closest center', () => {
    const rows = blobRows();
    const m = fit(rows);
    const batch = batchOfRows(rows, 0, 9);
    const out = KMEANS.apply(context('model.kmeans', DEFAULTS, batch, ADDED), m, batch, 'out');
    expect(out.schema.fields.map((f) => f.name)).toEqual(['features', 'prediction']);
    expect(out.schema.fields[1]!.type.typeId).toBe(Type.Int);
    expect(out.data.children[0]).toBe(batch.data.children[0]);
    const cs = centers(m);
    for (let i = 0; i < 9; i++) {
      const dists = cs.map((c) => (rows.features[2 * i]! - c[0]!) ** 2 + (rows.features[2 * i + 1]! - c[1]!) ** 2);
      expect(out.getChild('prediction')!.get(i)).toBe(dists.indexOf(Math.min(...dists)));
    }
    // Rows of the same blob (i % 3) share a cluster.
    for (let i = 3; i < 9; i++) expect(out.getChild('prediction')!.get(i)).toBe(out.getChild('prediction')!.get(i - 3));
  });

  it('a null feature vector is an error when fitting and when scoring', () => {
    const batch = makeBatch([{ name: 'features', type: 'vector', nullable: true, vectorSize: 2 }], [vectorData(Float64Array.of(1, 2, 3, 4), 2, 2, Uint8Array.of(0, 1))], 2);
    const ctx = context('model.kmeans', DEFAULTS, batch, ADDED);
    expect(() => fitPartitions(KMEANS, ctx, [[batch]])).toThrow(/'features' \(featuresCol\) is null in row 0.*feature.imputer/);
    expect(() => KMEANS.apply(ctx, fit(blobRows()), batch, 'out')).toThrow(/'features' \(featuresCol\) is null in row 0/);
  });
});

describe('model.kmeans k-means|| initialisation', () => {
  it('a round that draws no candidate does not end the initialisation (Spark draws again in the next round)', () => {
    // With k 2 the first round draws no row with probability about e^-4: so for these seeds.
    const rows = blobRows(300);
    for (const seed of [7, 147, 189, 194, 1, 42]) expect(centers(fit(rows, { k: 2, seed })), `seed ${seed}`).toHaveLength(2);
  });
});
