// feature.bucketizer, as Spark's Bucketizer with its default handleInvalid 'error' (the catalog has
// no handleInvalid): splits s0 < s1 < ... < sn make buckets [s0, s1), [s1, s2), ..., [sn-1, sn]
// (the last one closed). A value is found as Java's Arrays.binarySearch finds it, so -0.0 sorts
// below 0.0 (pyspark: -0.0 with splits [-1, 0, 1] -> bucket 0). A value outside [s0, sn] or NaN
// is an error; null gives null (Spark's UDF on a primitive double returns null for null).

import type { RecordBatch } from 'apache-arrow';
import { Float64 } from 'apache-arrow';
import { fixedData } from '../../compute/arrow-build.ts';
import { packBits } from '../../compute/bitmap.ts';
import type { FeatureStage, FittedModel, StageContext } from '../stage.ts';
import { columnByName, nullableNumericColumn } from '../columns.ts';
import { javaDoubleString, outputBatch, stageError } from './common.ts';

/** Java's Double.compare for non-NaN values: -0.0 < 0.0. */
function compare(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  const an = Object.is(a, -0); const bn = Object.is(b, -0);
  return an === bn ? 0 : an ? -1 : 1;
}

/** Arrays.binarySearch: the index of x, or -(insertion point) - 1. */
function binarySearch(splits: readonly number[], x: number): number {
  let lo = 0; let hi = splits.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = compare(splits[mid]!, x);
    if (c < 0) lo = mid + 1; else if (c > 0) hi = mid - 1; else return mid;
  }
  return -(lo + 1);
}

function apply(ctx: StageContext, _model: FittedModel | undefined, batch: RecordBatch): RecordBatch {
  const splits = ctx.params.splits as number[];
  const name = ctx.params.inputCol as string;
  const { values, valid, length } = nullableNumericColumn(columnByName(ctx, batch, name, 'inputCol'));
  const out = new Float64Array(length);
  const last = splits[splits.length - 1]!;
  const bounds = `[${javaDoubleString(splits[0]!)}, ${javaDoubleString(last)}]`;
  for (let i = 0; i < length; i++) {
    if (valid && !valid[i]) continue;
    const x = values[i]!;
    if (x !== x) {
      throw stageError(ctx, `column '${name}' (inputCol) is NaN in a row, which has no bucket: filter NaN out before this node, or replace it (feature.imputer)`);
    }
    if (x === last) { out[i] = splits.length - 2; continue; }
    const at = binarySearch(splits, x);
    if (at >= 0) { out[i] = at; continue; }
    const insert = -at - 1;
    if (insert === 0 || insert === splits.length) {
      throw stageError(ctx, `value ${javaDoubleString(x)} of column '${name}' (inputCol) is out of the bucket bounds ${bounds}: widen splits (e.g. first -Infinity, last Infinity) or filter such rows out`);
    }
    out[i] = insert - 1;
  }
  const data = fixedData(new Float64(), out, length, valid ? packBits(valid, length) : undefined);
  return outputBatch(ctx, batch, new Map([[ctx.params.outputCol as string, data]]));
}

export const bucketizer: FeatureStage = { apply };
