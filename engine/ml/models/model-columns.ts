// Reading the feature vectors the model stages fit on and score (every value checked, as
// ../columns.ts checks numeric columns: a null, NaN or infinite value stops the run with an error
// that names the fix), and appending the models' output columns.

import { Float64, Int32, Type } from 'apache-arrow';
import type { Data, RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../../errors.ts';
import { makeBatch } from '../../compute/arrow-types.ts';
import { fixedData } from '../../compute/arrow-build.ts';
import type { StageContext } from '../stage.ts';
import { readVectors } from '../vector.ts';
import { badValue, columnByName, nonFiniteValue, type ValueRule } from '../columns.ts';

export interface FeatureRows {
  readonly length: number;
  readonly size: number;
  /** Row-major, length * size values (a view of the batch's column, not a copy). */
  readonly values: Float64Array;
}

/** The feature vectors of a batch; a null vector or a NaN (or infinite) element is an error. */
export function featureRows(ctx: StageContext, batch: RecordBatch, name: string, param = 'featuresCol', rule: ValueRule = {}): FeatureRows {
  const d = columnByName(ctx, batch, name, param);
  if (d.type.typeId !== Type.FixedSizeList) {
    throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: column '${name}' (${param}) must be a vector, got ${String(d.type)}: make it with feature.vectorAssembler`);
  }
  const v = readVectors(d);
  if (v.valid) {
    for (let i = 0; i < v.length; i++) if (v.valid[i] === 0) throw badValue(ctx, name, param, 'null', i);
  }
  const vals = v.values;
  for (let k = 0; k < vals.length; k++) {
    const x = vals[k]!;
    // x - x is 0 for every finite x, NaN for NaN and the infinities: one test in the common case.
    if (x - x !== 0 && !(x === x ? rule.allowInfinite : rule.allowNaN)) {
      throw nonFiniteValue(ctx, name, param, x, Math.floor(k / v.size), ` (element ${k % v.size})`);
    }
  }
  return { length: v.length, size: v.size, values: vals };
}

/**
 * What scoring takes, as Spark's transform: linear and logistic regression score NaN and infinite
 * features (NaN or infinite predictions; logistic predicts 0 when the margin is NaN); k-means
 * takes infinite ones (Spark then picks cluster 0) but fails on NaN. A null vector fails in all
 * three (Spark: NullPointerException / MatchError). test/spark/ml-scoring-conformance.test.ts.
 */
export const SCORES_NON_FINITE: ValueRule = { allowInfinite: true, allowNaN: true };
export const SCORES_INFINITE: ValueRule = { allowInfinite: true };

/** Checks that scoring features have the size the model was fitted on. */
export function expectSize(ctx: StageContext, rows: FeatureRows, size: number, name: string): void {
  if (rows.length > 0 && rows.size !== size) {
    throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: column '${name}' (featuresCol) has vectors of ${rows.size} elements but the model was fitted on ${size}: assemble train and score features from the same columns`);
  }
}

export function float64Column(values: Float64Array): Data {
  return fixedData(new Float64(), values, values.length);
}

export function int32Column(values: Int32Array): Data {
  return fixedData(new Int32(), values, values.length);
}

/**
 * The input batch's columns (untouched) followed by `added`, named and typed as ctx.outputSchema
 * (the logical node's schema: the input columns, then the stage's new ones).
 */
export function appendColumns(ctx: StageContext, batch: RecordBatch, added: readonly Data[]): RecordBatch {
  const fields = ctx.outputSchema.fields;
  const kept = batch.data.children;
  if (kept.length + added.length !== fields.length) {
    throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: the input batch has ${kept.length} columns, expected ${fields.length - added.length} (output schema: ${fields.map((f) => f.name).join(', ')})`);
  }
  return makeBatch(fields, [...kept, ...added], batch.numRows);
}

/** A finite number for JSON (NaN and infinities have no JSON form): null otherwise. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
