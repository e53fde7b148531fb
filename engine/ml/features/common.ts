// What the feature stages share: their error, reading a column as float64 values, and building
// the output batch in the order of the node's schema (input columns pass through untouched).

import type { Data, RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../../errors.ts';
import type { Field } from '../../types.ts';
import type { StageContext } from '../stage.ts';
import { columnData, makeBatch } from '../../exec/kernels/arrow-types.ts';
import { colFromData } from '../../exec/kernels/column.ts';
import type { Col } from '../../exec/kernels/column.ts';

/** A NodeExecutionError whose message starts with the kind and the node, as the design asks. */
export function stageError(ctx: StageContext, message: string): NodeExecutionError {
  return new NodeExecutionError(ctx.nodeId, `${ctx.kind}: ${message}`);
}

/** The column `name` of `batch`, or an error naming the parameter it came from. */
export function inputColumn(ctx: StageContext, batch: RecordBatch, name: string, param: string): Data {
  const i = batch.schema.fields.findIndex((f) => f.name === name);
  if (i < 0) throw stageError(ctx, `column '${name}' (${param}) is not in the input (columns: ${batch.schema.fields.map((f) => f.name).join(', ')}): fix ${param}`);
  return batch.data.children[i]!;
}

export interface NumericColumn {
  readonly length: number;
  /** Row values as doubles (int32 and int64 converted, as Spark casts them to double). */
  readonly values: Float64Array;
  /** One byte per row, 1 = valid; null when no row is null. */
  readonly valid: Uint8Array | null;
}

/** A numeric or bool column as doubles; a float64 column is read without copying. */
export function numericColumn(d: Data): NumericColumn {
  return numericCol(colFromData(d));
}

export function numericCol(c: Col): NumericColumn {
  const v = c.values;
  let values: Float64Array;
  if (v instanceof Float64Array) values = v.subarray(0, c.length);
  else if (v instanceof BigInt64Array) { values = new Float64Array(c.length); for (let i = 0; i < c.length; i++) values[i] = Number(v[i]!); }
  else if (v) { values = new Float64Array(c.length); for (let i = 0; i < c.length; i++) values[i] = v[i]!; }
  else throw new Error(`expected a numeric column, got ${c.type}`);
  return { length: c.length, values, valid: c.valid };
}

/**
 * The output batch: every field of ctx.outputSchema in its order, taken from `computed` when the
 * stage made it, else the input column of that name as it is (no copy).
 */
export function outputBatch(ctx: StageContext, batch: RecordBatch, computed: ReadonlyMap<string, Data>, length = batch.numRows): RecordBatch {
  const fields: Field[] = [...ctx.outputSchema.fields];
  const columns = fields.map((f) => computed.get(f.name) ?? columnData(batch, f.name));
  return makeBatch(fields, columns, length);
}

/** Row indices where keep[i] is 1, or null when every row is kept. */
export function keptRows(keep: Uint8Array): Int32Array | null {
  let n = 0;
  for (let i = 0; i < keep.length; i++) n += keep[i]!;
  if (n === keep.length) return null;
  const idx = new Int32Array(n);
  for (let i = 0, k = 0; i < keep.length; i++) if (keep[i]) idx[k++] = i;
  return idx;
}

/** Numbers in JSON (which has no NaN or Infinity): non-finite values as strings. */
export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

export function toJsonNumber(x: number): JsonNumber {
  if (Number.isFinite(x)) return x;
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

export function fromJsonNumber(x: JsonNumber): number {
  return typeof x === 'number' ? x : Number(x);
}

/** How Spark prints a double (Java's Double.toString): '1.0', '2.5', '1.0E7', '1.0E-4', 'NaN', '-0.0'. */
export function javaDoubleString(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const ax = Math.abs(x);
  if (ax >= 1e-3 && ax < 1e7) {
    const s = String(x);
    return s.includes('.') ? s : `${s}.0`;
  }
  // Scientific: shortest digits d.ddd, exponent without '+'.
  const [mant, exp] = x.toExponential().split('e') as [string, string];
  const m = mant.includes('.') ? mant : `${mant}.0`;
  return `${m}E${Number(exp)}`;
}
