// feature.minMaxScaler, as Spark's MinMaxScaler: fit the per-element min and max (NaN ignored);
// apply (x - Emin) * ((max - min) / (Emax - Emin)) + min, an element with Emax == Emin becomes
// 0.5 * (max - min) + min, and NaN stays NaN (confirmed with pyspark). Null vectors stay null.

import type { RecordBatch } from 'apache-arrow';
import type { FeatureStage, FittedModel, StageContext } from '../stage.ts';
import { readVectors, vectorData } from '../vector.ts';
import { columnByName } from '../columns.ts';
import { fromJsonNumber, toJsonNumber, type JsonNumber } from '../json-number.ts';
import { outputBatch, stageError } from './common.ts';
import { mergeVectorStats, VectorStatsPartial } from './vector-stats.ts';

interface MinMaxState { readonly originalMin: readonly JsonNumber[]; readonly originalMax: readonly JsonNumber[] }

function final(ctx: StageContext, partials: readonly RecordBatch[]): FittedModel {
  const s = mergeVectorStats(ctx, partials);
  const state: MinMaxState = { originalMin: Array.from(s.min, toJsonNumber), originalMax: Array.from(s.max, toJsonNumber) };
  return { nodeId: ctx.nodeId, kind: ctx.kind, state, summary: { rows: s.count, originalMin: state.originalMin, originalMax: state.originalMax } };
}

function apply(ctx: StageContext, model: FittedModel | undefined, batch: RecordBatch): RecordBatch {
  if (!model) throw stageError(ctx, 'applied without a fitted model');
  const state = model.state as MinMaxState;
  const lo = ctx.params.min as number; const range = (ctx.params.max as number) - lo;
  const name = ctx.params.inputCol as string;
  const v = readVectors(columnByName(ctx, batch, name, 'inputCol'));
  const { size, values, length } = v;
  if (size !== state.originalMin.length) {
    throw stageError(ctx, `column '${name}' (inputCol) has vectors of ${size} elements but the scaler was fitted on ${state.originalMin.length}: assemble both from the same columns`);
  }
  const emin = Float64Array.from(state.originalMin, fromJsonNumber);
  const scale = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    const r = fromJsonNumber(state.originalMax[j]!) - emin[j]!;
    scale[j] = r !== 0 ? range / r : 0;
  }
  const constant = 0.5 * range + lo;
  const out = new Float64Array(length * size);
  for (let i = 0; i < length; i++) {
    const base = i * size;
    for (let j = 0; j < size; j++) {
      const x = values[base + j]!;
      out[base + j] = x !== x ? x : scale[j] !== 0 ? (x - emin[j]!) * scale[j]! + lo : constant;
    }
  }
  return outputBatch(ctx, batch, new Map([[ctx.params.outputCol as string, vectorData(out, size, length, v.valid)]]));
}

export const minMaxScaler: FeatureStage = {
  fit: { partial: (ctx) => new VectorStatsPartial(ctx), final },
  apply,
};
