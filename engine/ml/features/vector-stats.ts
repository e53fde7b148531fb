// Per-element statistics of a vector column for the scalers: count, mean and M2 (the sum of
// squared deviations) merged with Chan's formula, so any cut into partitions gives the same
// variance up to rounding; min and max ignore NaN (as Spark's Summarizer, whose comparisons skip
// it), mean and M2 propagate it (Spark: mean NaN, std NaN). Null vectors are skipped (Spark fails
// on them).

import type { RecordBatch } from 'apache-arrow';
import { Float64 } from 'apache-arrow';
import { fixedData } from '../../compute/arrow-build.ts';
import { columnData, makeBatch } from '../../compute/arrow-types.ts';
import type { FitPartial, StageContext } from '../stage.ts';
import { readVectors } from '../vector.ts';
import { columnByName } from '../columns.ts';
import { stageError } from './common.ts';

export interface VectorStats {
  count: number;
  readonly mean: Float64Array;
  readonly m2: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
}

function emptyStats(size: number): VectorStats {
  return { count: 0, mean: new Float64Array(size), m2: new Float64Array(size), min: new Float64Array(size).fill(Infinity), max: new Float64Array(size).fill(-Infinity) };
}

/** Adds b into a (Chan et al.: pairwise update of mean and M2). */
function merge(a: VectorStats, b: VectorStats): void {
  if (b.count === 0) return;
  const n = a.count + b.count;
  for (let j = 0; j < a.mean.length; j++) {
    const delta = b.mean[j]! - a.mean[j]!;
    a.mean[j] = a.mean[j]! + (delta * b.count) / n;
    a.m2[j] = a.m2[j]! + b.m2[j]! + (delta * delta * a.count * b.count) / n;
    if (b.min[j]! < a.min[j]!) a.min[j] = b.min[j]!;
    if (b.max[j]! > a.max[j]!) a.max[j] = b.max[j]!;
  }
  a.count = n;
}

const FIELDS = ['count', 'mean', 'm2', 'min', 'max'].map((name) => ({ name, type: 'float64' as const, nullable: false }));

export class VectorStatsPartial implements FitPartial {
  private stats: VectorStats | undefined;
  private readonly ctx: StageContext;
  constructor(ctx: StageContext) { this.ctx = ctx; }

  consume(batch: RecordBatch): void {
    const v = readVectors(columnByName(this.ctx, batch, this.ctx.params.inputCol as string, 'inputCol'));
    const { size, values, valid, length } = v;
    const s = emptyStats(size);
    const isValid = (i: number) => !valid || valid[i] === 1;
    // Two passes over the batch (sum, then squared deviations): exact enough, then merged.
    const sum = new Float64Array(size);
    for (let i = 0; i < length; i++) {
      if (!isValid(i)) continue;
      s.count++;
      for (let j = 0; j < size; j++) {
        const x = values[i * size + j]!;
        sum[j]! += x;
        if (x < s.min[j]!) s.min[j] = x;
        if (x > s.max[j]!) s.max[j] = x;
      }
    }
    if (s.count === 0) return;
    for (let j = 0; j < size; j++) s.mean[j] = sum[j]! / s.count;
    for (let i = 0; i < length; i++) {
      if (!isValid(i)) continue;
      for (let j = 0; j < size; j++) { const d = values[i * size + j]! - s.mean[j]!; s.m2[j]! += d * d; }
    }
    if (!this.stats) this.stats = s; else merge(this.stats, s);
  }

  finish(): RecordBatch[] {
    const s = this.stats;
    if (!s) return [];
    const size = s.mean.length;
    const cols = [new Float64Array(size).fill(s.count), s.mean, s.m2, s.min, s.max];
    return [makeBatch(FIELDS, cols.map((c) => fixedData(new Float64(), c, size)), size)];
  }
}

/** The merged statistics of every partition; an error when no row had a (non-null) vector. */
export function mergeVectorStats(ctx: StageContext, partials: readonly RecordBatch[]): VectorStats {
  let all: VectorStats | undefined;
  for (const b of partials) {
    const get = (name: string) => Float64Array.from(columnData(b, name).values as Float64Array);
    const s: VectorStats = { count: b.numRows > 0 ? (columnData(b, 'count').values as Float64Array)[0]! : 0, mean: get('mean'), m2: get('m2'), min: get('min'), max: get('max') };
    if (!all) all = s; else merge(all, s);
  }
  if (!all || all.count === 0) {
    throw stageError(ctx, `column '${ctx.params.inputCol as string}' (inputCol) has no non-null vector to fit on: check the rows reaching this node`);
  }
  return all;
}
