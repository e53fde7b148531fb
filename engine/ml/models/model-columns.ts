// Reading the feature, label and prediction columns the model stages fit on and score, and
// appending their output columns. Every value is checked here: a model cannot learn from (or
// predict for) a null, NaN or infinite value, so those rows stop the run with an error that names
// the fix. Infinities matter twice: they turn sums into NaN, and statistics and models cross
// threads as JSON, which has neither.

import { Float64, Int32, Type } from 'apache-arrow';
import type { Data, RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../../errors.ts';
import { makeBatch } from '../../exec/kernels/arrow-types.ts';
import { fixedData } from '../../io/arrow-build.ts';
import type { StageContext } from '../stage.ts';
import { readVectors } from '../vector.ts';

/** The column Data of a batch by name, or an error naming the node and the parameter that names it. */
export function columnOf(ctx: StageContext, batch: RecordBatch, name: string, param: string): Data {
  const i = batch.schema.fields.findIndex((f) => f.name === name);
  if (i < 0) {
    throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: column '${name}' (${param}) is not in the input (columns: ${batch.schema.fields.map((f) => f.name).join(', ')}): set ${param} to one of them`);
  }
  return batch.data.children[i]!;
}

function isNull(d: Data, i: number): boolean {
  if (d.nullCount === 0 || !d.nullBitmap) return false;
  const at = d.offset + i;
  return ((d.nullBitmap[at >> 3]! >> (at & 7)) & 1) === 0;
}

const MISSING_FIX = 'put a feature.imputer or a transform.dropNulls before it';
const INFINITE_FIX = 'filter such rows out (transform.filter) or cap the values (transform.derive with least/greatest) before it';

function badValue(ctx: StageContext, name: string, param: string, what: string, row: number, fix = MISSING_FIX): NodeExecutionError {
  return new NodeExecutionError(ctx.nodeId, `${ctx.kind}: column '${name}' (${param}) is ${what} in row ${row} of a batch; the model needs a finite number in every row: ${fix}`);
}

/** What a column may hold besides finite numbers: only model.evaluate's scores may be infinite
 *  (a logistic model fitted on one class predicts raw margins of +-Infinity). */
export interface ValueRule { readonly allowInfinite?: boolean }

/** A non-finite value's name for a message (-Infinity, Infinity or NaN). */
function nonFinite(x: number): string {
  return Number.isNaN(x) ? 'NaN' : String(x);
}

/** A numeric column (int32, int64 or float64) as doubles; a null, NaN or infinite value in it is an error. */
export function numericColumn(ctx: StageContext, batch: RecordBatch, name: string, param: string, rule: ValueRule = {}): Float64Array {
  const d = columnOf(ctx, batch, name, param);
  const n = d.length;
  let out: Float64Array;
  switch (d.type.typeId) {
    case Type.Float: out = (d.values as Float64Array).subarray(0, n); break;
    case Type.Int: {
      out = new Float64Array(n);
      const v = d.values as Int32Array | BigInt64Array;
      if (v instanceof BigInt64Array) for (let i = 0; i < n; i++) out[i] = Number(v[i]!);
      else for (let i = 0; i < n; i++) out[i] = v[i]!;
      break;
    }
    default:
      throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: column '${name}' (${param}) must be numeric, got ${String(d.type)}: choose a numeric column`);
  }
  for (let i = 0; i < n; i++) {
    if (isNull(d, i)) throw badValue(ctx, name, param, 'null', i);
    const x = out[i]!;
    if (x - x !== 0 && !(rule.allowInfinite && x === x)) {
      throw badValue(ctx, name, param, nonFinite(x), i, x === x ? INFINITE_FIX : MISSING_FIX);
    }
  }
  return out;
}

export interface FeatureRows {
  readonly length: number;
  readonly size: number;
  /** Row-major, length * size values (a view of the batch's column, not a copy). */
  readonly values: Float64Array;
}

/** The feature vectors of a batch; a null vector or a NaN (or infinite) element is an error. */
export function featureRows(ctx: StageContext, batch: RecordBatch, name: string, param = 'featuresCol', rule: ValueRule = {}): FeatureRows {
  const d = columnOf(ctx, batch, name, param);
  if (d.type.typeId !== Type.FixedSizeList) {
    throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: column '${name}' (${param}) must be a vector, got ${String(d.type)}: make it with feature.vectorAssembler`);
  }
  const v = readVectors(d);
  if (v.valid) {
    for (let i = 0; i < v.length; i++) if (((v.valid[i >> 3]! >> (i & 7)) & 1) === 0) throw badValue(ctx, name, param, 'null', i);
  }
  const vals = v.values;
  for (let k = 0; k < vals.length; k++) {
    const x = vals[k]!;
    // x - x is 0 for every finite x, NaN for NaN and the infinities: one test in the common case.
    if (x - x !== 0 && !(rule.allowInfinite && x === x)) {
      throw badValue(ctx, name, param, `${nonFinite(x)} (element ${k % v.size})`, Math.floor(k / v.size), x === x ? INFINITE_FIX : MISSING_FIX);
    }
  }
  return { length: v.length, size: v.size, values: vals };
}

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
