// feature.split: a random train/test split that is the same for any partitioning and batching.
// Spark's randomSplit draws a per-partition random stream, so its split depends on how the rows
// are partitioned; here a row's side is decided by a hash of the seed and the row's values, so
// the same rows split the same way however they are cut. Consequence: identical rows always go
// to the same side. ratios are normalized: a row goes to train when its hash, as a fraction of
// 2^32, is below ratios[0] / (ratios[0] + ratios[1]); train and test are disjoint and cover all rows.

import type { Data, RecordBatch } from 'apache-arrow';
import { Type } from 'apache-arrow';
import { colFromData } from '../../exec/kernels/column.ts';
import { fmix, hashCol, hashFloat, NULL_HASH } from '../../exec/kernels/hash.ts';
import { takeBatch } from '../../exec/kernels/eval-expr.ts';
import type { FeatureStage, FittedModel, StageContext } from '../stage.ts';
import { readVectors } from '../vector.ts';
import { keptRows, stageError } from './common.ts';

/** Hash of each row of a vector column: its elements' hashes combined in order. */
function hashVectors(d: Data): Uint32Array {
  const v = readVectors(d);
  const out = new Uint32Array(v.length);
  for (let i = 0; i < v.length; i++) {
    if (v.valid && v.valid[i] === 0) { out[i] = NULL_HASH; continue; }
    let h = 0x27d4eb2f ^ v.size;
    for (let j = 0; j < v.size; j++) h = fmix((Math.imul(h, 0x9e3779b1) ^ hashFloat(v.values[i * v.size + j]!)) | 0);
    out[i] = h;
  }
  return out;
}

/** A hash of every row's values (all columns, in order) and the seed. */
export function rowHashes(batch: RecordBatch, seed: number): Uint32Array {
  const n = batch.numRows;
  const out = new Uint32Array(n).fill(hashFloat(seed));
  for (const d of batch.data.children) {
    const h = d.type.typeId === Type.FixedSizeList ? hashVectors(d) : hashCol(colFromData(d));
    for (let i = 0; i < n; i++) out[i] = fmix((Math.imul(out[i]!, 0x9e3779b1) ^ h[i]!) | 0);
  }
  // A last mix with the seed again, so seeds that differ little still give unrelated splits.
  const s = fmix(hashFloat(seed) ^ 0x5f356495);
  for (let i = 0; i < n; i++) out[i] = fmix((out[i]! ^ s) | 0);
  return out;
}

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
