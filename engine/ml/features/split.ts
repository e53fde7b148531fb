// feature.split: a random train/test split that is the same for any partitioning and batching.
// Spark's randomSplit draws a per-partition random stream, so its split depends on how the rows
// are partitioned; here a row's side is decided by a hash of the seed and the row's values, so
// the same rows split the same way however they are cut. Consequence: identical rows always go
// to the same side. ratios are normalized: a row goes to train when its hash, as a fraction of
// 2^32, is below ratios[0] / (ratios[0] + ratios[1]); train and test are disjoint and cover all rows.

import type { RecordBatch } from 'apache-arrow';
import { takeBatch } from '../../compute/eval-expr.ts';
import type { FeatureStage, FittedModel, StageContext } from '../stage.ts';
import { rowHashes } from './row-hash.ts';
import { keptRows, stageError } from './common.ts';

function apply(ctx: StageContext, _model: FittedModel | undefined, batch: RecordBatch, port: string): RecordBatch {
  if (port !== 'train' && port !== 'test') throw stageError(ctx, `has outputs 'train' and 'test', not '${port}'`);
  const [a, b] = ctx.params.ratios as number[];
  const threshold = (a! / (a! + b!)) * 4294967296;
  const h = rowHashes(batch, ctx.params.seed as number);
  const want = port === 'train' ? 1 : 0;
  const keep = new Uint8Array(batch.numRows);
  for (let i = 0; i < keep.length; i++) keep[i] = (h[i]! < threshold ? 1 : 0) === want ? 1 : 0;
  const rows = keptRows(keep);
  return rows ? takeBatch(batch, rows, true) : batch;
}

export const split: FeatureStage = { apply };
