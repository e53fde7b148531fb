// Reading an ML stage's input columns: finding a column by the name a parameter gives, and reading
// a numeric column as doubles under one of two null rules. Feature stages take nulls (they skip,
// keep or impute them: nullableNumericColumn); models refuse a null, NaN or infinite value with an
// error that names the fix (finiteNumericColumn): a model cannot learn from one, infinities turn
// sums into NaN, and statistics and models cross threads as JSON, which has neither.

import { Type } from 'apache-arrow';
import type { Data, RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../errors.ts';
import { colFromData } from '../compute/column.ts';
import type { Col } from '../compute/column.ts';
import type { StageContext } from './stage.ts';

/** The column `name` of `batch`, or an error naming the node and the parameter that names it. */
export function columnByName(ctx: StageContext, batch: RecordBatch, name: string, param: string): Data {
  const i = batch.schema.fields.findIndex((f) => f.name === name);
  if (i < 0) {
    throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: column '${name}' (${param}) is not in the input (columns: ${batch.schema.fields.map((f) => f.name).join(', ')}): set ${param} to one of them`);
  }
  return batch.data.children[i]!;
}

export interface NumericColumn {
  readonly length: number;
  /** Row values as doubles (int32 and int64 converted, as Spark casts them to double). */
  readonly values: Float64Array;
  /** One byte per row, 1 = valid; null when no row is null. */
  readonly valid: Uint8Array | null;
}

/** A numeric or bool column as doubles, nulls allowed; a float64 column is read without copying. */
export function nullableNumericColumn(d: Data): NumericColumn {
  return nullableNumericCol(colFromData(d));
}

export function nullableNumericCol(c: Col): NumericColumn {
  const v = c.values;
  let values: Float64Array;
  if (v instanceof Float64Array) values = v.subarray(0, c.length);
  else if (v instanceof BigInt64Array) { values = new Float64Array(c.length); for (let i = 0; i < c.length; i++) values[i] = Number(v[i]!); }
  else if (v) { values = new Float64Array(c.length); for (let i = 0; i < c.length; i++) values[i] = v[i]!; }
  else throw new Error(`expected a numeric column, got ${c.type}`);
  return { length: c.length, values, valid: c.valid };
}

const MISSING_FIX = 'put a feature.imputer or a transform.dropNulls before it';
const INFINITE_FIX = 'filter such rows out (transform.filter) or cap the values (transform.derive with least/greatest) before it';

/** What a model's column may hold besides finite numbers: only model.evaluate's scores may be
 *  infinite (a logistic model fitted on one class predicts raw margins of +-Infinity). */
export interface ValueRule {
  readonly allowInfinite?: boolean;
  /** Scoring only: NaN passes (a model's arithmetic then gives NaN, as Spark's transform does). */
  readonly allowNaN?: boolean;
}

/** The error for a value a model cannot take: `what` is 'null' or the value (and its element). */
export function badValue(ctx: StageContext, name: string, param: string, what: string, row: number, fix = MISSING_FIX): NodeExecutionError {
  return new NodeExecutionError(ctx.nodeId, `${ctx.kind}: column '${name}' (${param}) is ${what} in row ${row} of a batch; the model needs a finite number in every row: ${fix}`);
}

/** The error for `x`, a value that failed `x - x === 0` (NaN or an infinity) and is not allowed. */
export function nonFiniteValue(ctx: StageContext, name: string, param: string, x: number, row: number, element = ''): NodeExecutionError {
  return badValue(ctx, name, param, `${Number.isNaN(x) ? 'NaN' : String(x)}${element}`, row, x === x ? INFINITE_FIX : MISSING_FIX);
}

/** A numeric column (int32, int64 or float64) of a model as doubles; a null, NaN or infinite
 *  value in it is an error. */
export function finiteNumericColumn(ctx: StageContext, batch: RecordBatch, name: string, param: string, rule: ValueRule = {}): Float64Array {
  const d = columnByName(ctx, batch, name, param);
  if (d.type.typeId !== Type.Float && d.type.typeId !== Type.Int) {
    throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: column '${name}' (${param}) must be numeric, got ${String(d.type)}: choose a numeric column`);
  }
  const { values, valid } = nullableNumericColumn(d);
  for (let i = 0; i < values.length; i++) {
    if (valid && valid[i] === 0) throw badValue(ctx, name, param, 'null', i);
    const x = values[i]!;
    // x - x is 0 for every finite x, NaN for NaN and the infinities: one test in the common case.
    if (x - x !== 0 && !(rule.allowInfinite && x === x)) throw nonFiniteValue(ctx, name, param, x, i);
  }
  return values;
}
