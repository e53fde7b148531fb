// The rows an iterative fit (logistic regression, k-means) trains on, kept as the partitions sent
// them: one block per batch of features (a row-major Float64Array view of the vector column's own
// values, no copy), labels and weights, in partition order. Every pass of a fit (statistics, one
// gradient, one round of cluster sums) runs block by block and merges the blocks' sums in this
// order, so the fit sees the rows as the partitions hold them, with no sort and no second copy:
// the result depends on the partitioning only through the order of floating sums
// (docs/ml-over-partitions.md). Each block's work is a pure function of the block and the model,
// the unit a worker runs on its own partition.

import { Float64 } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../../errors.ts';
import { makeBatch } from '../../compute/arrow-types.ts';
import { fixedData } from '../../compute/arrow-build.ts';
import type { Field } from '../../types.ts';
import type { FitPartial, SpillMemory, StageContext } from '../stage.ts';
import { columnByName, finiteNumericColumn } from '../columns.ts';
import { featureRows } from './model-columns.ts';
import { TrainingBlocks, type TrainingBlock } from './training-blocks.ts';

export type { TrainingBlock } from './training-blocks.ts';

export interface TrainingSet {
  readonly n: number;
  readonly size: number;
  /** The sum of the weights (n without weightCol). */
  readonly weightSum: number;
  /** In partition order; those past the task's memory share come back from a spill file. */
  readonly blocks: Iterable<TrainingBlock>;
}

/** The weightCol param: unset or '' means every row weighs 1 (as Spark's default). */
export function weightColOf(ctx: StageContext): string | undefined {
  const w = ctx.params.weightCol;
  return typeof w === 'string' && w !== '' ? w : undefined;
}

/** Weights of a batch: finite and not negative (Spark refuses negative weights too). */
export function weightColumn(ctx: StageContext, batch: RecordBatch, name: string): Float64Array {
  const w = finiteNumericColumn(ctx, batch, name, 'weightCol');
  for (let i = 0; i < w.length; i++) {
    if (!(w[i]! >= 0)) throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: weight column '${name}' (weightCol) holds ${w[i]} in row ${i} of a batch; weights must be 0 or more: fix or filter those rows`);
  }
  return w;
}

/** A partition's side: its rows' features (the vector column as it is), label and weight. */
export function trainingPartial(ctx: StageContext, withLabel: boolean, checkLabel?: (y: Float64Array) => void): FitPartial {
  const out: RecordBatch[] = [];
  const featuresCol = ctx.params.featuresCol as string;
  const weightCol = weightColOf(ctx);
  return {
    consume(batch) {
      if (batch.numRows === 0) return;
      const x = featureRows(ctx, batch, featuresCol); // checks for nulls and NaN
      const fields: Field[] = [{ name: 'features', type: 'vector', nullable: false, vectorSize: x.size }];
      const columns = [columnByName(ctx, batch, featuresCol, 'featuresCol')];
      if (withLabel) {
        const y = finiteNumericColumn(ctx, batch, ctx.params.labelCol as string, 'labelCol');
        checkLabel?.(y);
        fields.push({ name: 'label', type: 'float64', nullable: false });
        columns.push(fixedData(new Float64(), Float64Array.from(y), y.length));
      }
      if (weightCol) {
        fields.push({ name: 'weight', type: 'float64', nullable: false });
        columns.push(fixedData(new Float64(), Float64Array.from(weightColumn(ctx, batch, weightCol)), batch.numRows));
      }
      out.push(makeBatch(fields, columns, batch.numRows));
    },
    finish: () => out,
  };
}

/** The partials' rows as blocks, in partition order. `why` ends the error when there is no row. */
export function trainingSet(ctx: StageContext, partials: readonly RecordBatch[], why: string): TrainingSet {
  const cache = new TrainingCache(ctx, undefined);
  for (const b of partials) cache.add(b);
  return cache.finish(why);
}

/** The same, read as a stream and cached within the task's memory share (training-blocks.ts);
 *  `fit` runs on the set, and the cache is released (its spill file deleted) whatever happens. */
export async function withTrainingSet<T>(ctx: StageContext, partials: AsyncIterable<RecordBatch>, why: string, memory: SpillMemory | undefined, fit: (set: TrainingSet) => T): Promise<T> {
  const cache = new TrainingCache(ctx, memory);
  try {
    for await (const b of partials) cache.add(b);
    return fit(cache.finish(why));
  } finally {
    cache.close();
  }
}

class TrainingCache {
  private readonly ctx: StageContext;
  private readonly blocks: TrainingBlocks;
  private n = 0;
  private size = -1;
  private weightSum = 0;

  constructor(ctx: StageContext, memory: SpillMemory | undefined) {
    this.ctx = ctx;
    this.blocks = new TrainingBlocks(ctx.nodeId, memory);
  }

  add(b: RecordBatch): void {
    const ctx = this.ctx;
    if (b.numRows === 0) return;
    const x = featureRows(ctx, b, 'features');
    if (this.size >= 0 && x.size !== this.size) throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: features have ${this.size} elements in some rows and ${x.size} in others: assemble every row from the same columns`);
    this.size = x.size;
    const hasLabel = b.schema.fields.some((f) => f.name === 'label');
    const hasWeight = b.schema.fields.some((f) => f.name === 'weight');
    const y = hasLabel ? finiteNumericColumn(ctx, b, 'label', 'labelCol') : undefined;
    const w = hasWeight ? finiteNumericColumn(ctx, b, 'weight', 'weightCol') : undefined;
    if (w) for (let i = 0; i < w.length; i++) this.weightSum += w[i]!;
    else this.weightSum += b.numRows;
    const block: TrainingBlock = { n: b.numRows, x: x.values, y, w };
    this.blocks.add(block);
    this.n += b.numRows;
  }

  finish(why: string): TrainingSet {
    const ctx = this.ctx;
    if (this.n === 0) throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: the training input (port 'train') has no rows: ${why}`);
    if (!(this.weightSum > 0)) throw new NodeExecutionError(ctx.nodeId, `${ctx.kind}: every training row has weight 0 (weightCol '${String(ctx.params.weightCol)}'): a model needs some weight to fit`);
    return { n: this.n, size: this.size, weightSum: this.weightSum, blocks: this.blocks };
  }

  close(): void {
    this.blocks.close();
  }
}

/** Weighted means and sample standard deviations of the features, as Spark's Summarizer
 *  (variance over weightSum - sum w^2 / weightSum; n - 1 with unit weights). Per block, merged
 *  in block order (Chan et al.), so large means do not cancel the variances away. */
export function featureMoments(set: TrainingSet): { mean: Float64Array; std: Float64Array } {
  const k = set.size;
  const mean = new Float64Array(k), m2 = new Float64Array(k);
  const bm = new Float64Array(k), bm2 = new Float64Array(k);
  let wAll = 0, w2All = 0;
  for (const b of set.blocks) {
    let wb = 0, w2b = 0;
    bm.fill(0); bm2.fill(0);
    for (let i = 0; i < b.n; i++) {
      const wi = b.w ? b.w[i]! : 1;
      wb += wi; w2b += wi * wi;
      for (let j = 0, o = i * k; j < k; j++) bm[j] = bm[j]! + wi * b.x[o + j]!;
    }
    if (wb === 0) continue;
    for (let j = 0; j < k; j++) bm[j] = bm[j]! / wb;
    for (let i = 0; i < b.n; i++) {
      const wi = b.w ? b.w[i]! : 1;
      for (let j = 0, o = i * k; j < k; j++) { const d = b.x[o + j]! - bm[j]!; bm2[j] = bm2[j]! + wi * d * d; }
    }
    const total = wAll + wb;
    for (let j = 0; j < k; j++) {
      const d = bm[j]! - mean[j]!;
      m2[j] = m2[j]! + bm2[j]! + (d * d * wAll * wb) / total;
      mean[j] = mean[j]! + (d * wb) / total;
    }
    wAll = total; w2All += w2b;
  }
  const denom = wAll - w2All / wAll;
  const std = Float64Array.from(m2, (v) => (denom > 0 ? Math.sqrt(Math.max(v, 0) / denom) : 0));
  return { mean, std };
}
