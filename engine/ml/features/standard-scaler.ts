// feature.standardScaler, as Spark's StandardScaler: fit the per-element mean and the unbiased
// (n - 1) standard deviation (0 for a single row, as Spark's Summarizer); apply
// (x - mean if withMean) * (1 / std if withStd), where an element with std 0 becomes 0 (Spark
// multiplies by a scale of 0 there). Null vectors stay null.

import type { RecordBatch } from 'apache-arrow';
import type { FeatureStage, FittedModel, StageContext } from '../stage.ts';
import { readVectors, vectorData } from '../vector.ts';
import { columnByName } from '../columns.ts';
import { fromJsonNumber, toJsonNumber, type JsonNumber } from '../json-number.ts';
import { outputBatch, stageError } from './common.ts';
import { mergeVectorStats, VectorStatsPartial } from './vector-stats.ts';

interface ScalerState { readonly mean: readonly JsonNumber[]; readonly std: readonly JsonNumber[] }

function final(ctx: StageContext, partials: readonly RecordBatch[]): FittedModel {
  const s = mergeVectorStats(ctx, partials);
  const std = Array.from(s.m2, (m2) => (s.count > 1 ? Math.sqrt(m2 / (s.count - 1)) : 0));
  const state: ScalerState = { mean: Array.from(s.mean, toJsonNumber), std: std.map(toJsonNumber) };
  return { nodeId: ctx.nodeId, kind: ctx.kind, state, summary: { rows: s.count, mean: state.mean, std: state.std } };
}

function apply(ctx: StageContext, model: FittedModel | undefined, batch: RecordBatch): RecordBatch {
  if (!model) throw stageError(ctx, 'applied without a fitted model');
  const state = model.state as ScalerState;
  const withMean = ctx.params.withMean as boolean; const withStd = ctx.params.withStd as boolean;
  const name = ctx.params.inputCol as string;
  const v = readVectors(columnByName(ctx, batch, name, 'inputCol'));
  const { size, values, length } = v;
  if (size !== state.mean.length) {
    throw stageError(ctx, `column '${name}' (inputCol) has vectors of ${size} elements but the scaler was fitted on ${state.mean.length}: assemble both from the same columns`);
  }
  const shift = withMean ? Float64Array.from(state.mean, fromJsonNumber) : new Float64Array(size);
  const scale = withStd ? Float64Array.from(state.std, (s) => { const x = fromJsonNumber(s); return x === 0 ? 0 : 1 / x; }) : new Float64Array(size).fill(1);
  const out = new Float64Array(length * size);
  for (let i = 0; i < length; i++) {
    const base = i * size;
    for (let j = 0; j < size; j++) out[base + j] = (values[base + j]! - shift[j]!) * scale[j]!;
  }
  return outputBatch(ctx, batch, new Map([[ctx.params.outputCol as string, vectorData(out, size, length, v.valid)]]));
}

export const standardScaler: FeatureStage = {
  fit: { partial: (ctx) => new VectorStatsPartial(ctx), final },
  apply,
};
