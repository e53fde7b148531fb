// Test helpers for the model stages (not used by the engine): the formula-generated rows that
// spark-reference.py also builds, batches with a vector column, a StageContext, and a fit that
// cuts the rows into any number of partitions.

import { Float64 } from 'apache-arrow';
import type { Data, RecordBatch } from 'apache-arrow';
import type { Field } from '../../types.ts';
import { makeBatch, schemaOfBatch } from '../../compute/arrow-types.ts';
import { fixedData } from '../../compute/arrow-build.ts';
import type { FeatureStage, EvaluatorStage, FittedModel, StageContext } from '../stage.ts';
import { vectorData } from '../vector.ts';

export interface Rows {
  readonly n: number;
  readonly size: number;
  readonly features: Float64Array;
  /** Other numeric columns by name. */
  readonly columns: Readonly<Record<string, Float64Array>>;
}

function baseFeatures(i: number): [number, number, number] {
  return [Math.sin(0.37 * i) * 3 + 0.05 * i, Math.cos(1.3 * i) * 2, ((i * 7) % 11) / 3];
}

/** spark-reference.py regression_rows. */
export function regressionRows(n: number, constant = false): Rows {
  const size = constant ? 4 : 3;
  const features = new Float64Array(n * size);
  const label = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [x1, x2, x3] = baseFeatures(i);
    features.set(constant ? [x1, x2, x3, 2] : [x1, x2, x3], i * size);
    label[i] = 1.5 + 2 * x1 - 3 * x2 + 0.7 * x3 + 0.3 * Math.sin(5.1 * i);
  }
  return { n, size, features, columns: { label } };
}

/** spark-reference.py logistic_rows. */
export function logisticRows(n: number): Rows {
  const features = new Float64Array(n * 3);
  const label = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [x1, x2, x3] = baseFeatures(i);
    features.set([x1, x2, x3], i * 3);
    label[i] = x1 - 0.5 * x2 + 0.2 * x3 + 1.5 * Math.sin(2.3 * i) > 1 ? 1 : 0;
  }
  return { n, size: 3, features, columns: { label } };
}

/** spark-reference.py blobs: three well-separated groups of 20 points around (0,0), (10,10), (-10,8). */
export function blobRows(n = 60): Rows {
  const centers = [[0, 0], [10, 10], [-10, 8]] as const;
  const features = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const c = centers[i % 3]!;
    features[2 * i] = c[0] + 0.8 * Math.sin(1.1 * i);
    features[2 * i + 1] = c[1] + 0.8 * Math.cos(2.3 * i);
  }
  return { n, size: 2, features, columns: {} };
}

/** Rows start..end of `rows` as one batch: the vector column 'features', then the numeric columns. */
export function batchOfRows(rows: Rows, start = 0, end = rows.n, extra: readonly { field: Field; data: Data }[] = []): RecordBatch {
  const len = end - start;
  const fields: Field[] = [{ name: 'features', type: 'vector', nullable: false, vectorSize: rows.size }];
  const cols: Data[] = [vectorData(rows.features.slice(start * rows.size, end * rows.size), rows.size, len)];
  for (const [name, v] of Object.entries(rows.columns)) {
    fields.push({ name, type: 'float64', nullable: false });
    cols.push(fixedData(new Float64(), v.slice(start, end), len));
  }
  for (const e of extra) { fields.push(e.field); cols.push(e.data); }
  return makeBatch(fields, cols, len);
}

/** Cuts [0, n) into `parts` contiguous ranges of nearly equal size. */
export function cuts(n: number, parts: number): [number, number][] {
  return Array.from({ length: parts }, (_, p) => [Math.floor((n * p) / parts), Math.floor((n * (p + 1)) / parts)]);
}

export function context(kind: string, params: Record<string, unknown>, input: RecordBatch, added: readonly Field[]): StageContext {
  const inFields = schemaOfBatch(input).fields;
  return {
    nodeId: 'm1', kind, params, fitSchema: { fields: inFields }, inputSchema: { fields: inFields },
    outputSchema: { fields: [...inFields, ...added] },
  };
}

/** Fits `stage` with each batch list as one partition (each partition may hold several batches). */
export function fitPartitions(stage: FeatureStage | EvaluatorStage, ctx: StageContext, partitions: readonly (readonly RecordBatch[])[]): FittedModel {
  const stats = partitions.flatMap((batches) => {
    const p = stage.fit!.partial(ctx);
    for (const b of batches) p.consume(b);
    return p.finish();
  });
  return stage.fit!.final(ctx, stats);
}

/** Fits `rows` cut into `parts` partitions of two batches each. */
export function fitRows(stage: FeatureStage | EvaluatorStage, ctx: StageContext, rows: Rows, parts: number): FittedModel {
  return fitPartitions(stage, ctx, cuts(rows.n, parts).map(([a, b]) => {
    const mid = Math.floor((a + b) / 2);
    return [batchOfRows(rows, a, mid), batchOfRows(rows, mid, b)];
  }));
}
