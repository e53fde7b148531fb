// feature.oneHotEncoder, as Spark's OneHotEncoder (an estimator since Spark 3): fitting counts the
// categories from the data as the largest index + 1; an index must be a non-negative whole number
// (Spark fails the fit otherwise). Spark also fails on a null when fitting; we skip nulls there.
// Spark would take the category count from a StringIndexer's column metadata when present; we
// have no column metadata, so it always comes from the data.
// Applying: index k -> a vector with a 1 at k, of size categories (dropLast: categories - 1, the
// last category all zeros); null -> null (as Spark). As Spark's handleInvalid 'error': an index
// at or beyond the fitted categories, a negative index or NaN fails; a fractional index is
// truncated (Spark's label.toInt: 1.5 -> 1; confirmed with pyspark).

import type { RecordBatch } from 'apache-arrow';
import type { FeatureStage, FitPartial, FittedModel, StageContext } from '../stage.ts';
import { jsonBatch, readJsonBatches } from '../json-batch.ts';
import { vectorData } from '../vector.ts';
import { columnByName, nullableNumericColumn } from '../columns.ts';
import { javaDoubleString, outputBatch, stageError } from './common.ts';

interface EncoderState { readonly categories: number }

const MAX_INDEX = 2147483647;

class EncoderPartial implements FitPartial {
  private max = -1;
  private readonly ctx: StageContext;
  constructor(ctx: StageContext) { this.ctx = ctx; }

  consume(batch: RecordBatch): void {
    const name = this.ctx.params.inputCol as string;
    const { values, valid, length } = nullableNumericColumn(columnByName(this.ctx, batch, name, 'inputCol'));
    let max = this.max;
    for (let i = 0; i < length; i++) {
      if (valid && !valid[i]) continue;
      const x = values[i]!;
      if (!(x >= 0 && Number.isInteger(x) && x <= MAX_INDEX)) {
        throw stageError(this.ctx, `column '${name}' (inputCol) must hold category indices (whole numbers from 0), got ${javaDoubleString(x)}: index the column with feature.stringIndexer first`);
      }
      if (x > max) max = x;
    }
    this.max = max;
  }

  finish(): RecordBatch[] { return [jsonBatch({ max: this.max })]; }
}

function final(ctx: StageContext, partials: readonly RecordBatch[]): FittedModel {
  let max = -1;
  for (const p of readJsonBatches<{ max: number }>(partials)) max = Math.max(max, p.max);
  if (max < 0) {
    throw stageError(ctx, `column '${ctx.params.inputCol as string}' (inputCol) has no non-null value to count the categories from: check the rows reaching this node`);
  }
  const categories = max + 1;
  const state: EncoderState = { categories };
  return { nodeId: ctx.nodeId, kind: ctx.kind, state, summary: { categories, size: categories - (ctx.params.dropLast ? 1 : 0), categorySizes: [categories] } };
}

function apply(ctx: StageContext, model: FittedModel | undefined, batch: RecordBatch): RecordBatch {
  if (!model) throw stageError(ctx, 'applied without a fitted model');
  const name = ctx.params.inputCol as string;
  const { categories } = model.state as EncoderState;
  const size = categories - (ctx.params.dropLast ? 1 : 0);
  const { values, valid, length } = nullableNumericColumn(columnByName(ctx, batch, name, 'inputCol'));
  const out = new Float64Array(length * size);
  for (let i = 0; i < length; i++) {
    if (valid && !valid[i]) continue;
    const x = values[i]!;
    if (!(x >= 0) || x >= categories) {
      throw stageError(ctx, `value ${javaDoubleString(x)} of column '${name}' (inputCol) is not a category index from 0 to ${categories - 1} (the fitted data had ${categories} categories): fit on data holding every category, or filter such rows out`);
    }
    const k = Math.trunc(x);
    if (k < size) out[i * size + k] = 1;
  }
  const data = vectorData(out, size, length, valid);
  return outputBatch(ctx, batch, new Map([[ctx.params.outputCol as string, data]]));
}

export const oneHotEncoder: FeatureStage = {
  fit: { partial: (ctx) => new EncoderPartial(ctx), final },
  apply,
};
