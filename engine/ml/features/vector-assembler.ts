// feature.vectorAssembler, as Spark's VectorAssembler: numeric columns as doubles, bools as 1/0,
// vectors flattened, in inputCols order. handleInvalid (as Spark) looks at a null in any input
// and at NaN in a numeric input; a NaN inside a vector passes through in every mode (Spark's
// na.drop and its NaN check do not look inside vectors; confirmed with pyspark):
//   error: fail on the first such row; skip: drop the row; keep: null -> NaN (a null vector -> its
//   size of NaNs), NaN stays NaN.

import type { Data, RecordBatch } from 'apache-arrow';
import { Type } from 'apache-arrow';
import { takeBatch } from '../../compute/eval-expr.ts';
import type { FeatureStage, FittedModel, StageContext } from '../stage.ts';
import { readVectors, vectorData } from '../vector.ts';
import { columnByName, nullableNumericColumn } from '../columns.ts';
import { keptRows, outputBatch, stageError } from './common.ts';

interface Part {
  readonly name: string;
  readonly size: number;
  readonly values: Float64Array;
  readonly isValid: (i: number) => boolean;
  readonly scalar: boolean;
}

function readPart(d: Data, name: string): Part {
  const c = d.type.typeId === Type.FixedSizeList ? readVectors(d) : { ...nullableNumericColumn(d), size: 1 };
  const valid = c.valid;
  return { name, size: c.size, values: c.values, scalar: d.type.typeId !== Type.FixedSizeList, isValid: valid ? (i) => valid[i] === 1 : () => true };
}

function apply(ctx: StageContext, _model: FittedModel | undefined, batch: RecordBatch): RecordBatch {
  const names = ctx.params.inputCols as string[];
  const handle = ctx.params.handleInvalid as 'error' | 'skip' | 'keep';
  const out = ctx.params.outputCol as string;
  const parts = names.map((name, k) => readPart(columnByName(ctx, batch, name, `inputCols[${k}]`), name));
  const n = batch.numRows;
  const size = parts.reduce((s, p) => s + p.size, 0);

  // Which rows are invalid (a null input, or NaN in a scalar input).
  const keep = new Uint8Array(n).fill(1);
  for (const p of parts) {
    for (let i = 0; i < n; i++) {
      const nul = !p.isValid(i);
      if (!nul && !(p.scalar && p.values[i] !== p.values[i])) continue;
      if (handle === 'error') {
        // Where, then Spark's own words (VectorAssembler.assemble), then the fix.
        const what = nul ? 'null' : 'NaN';
        throw stageError(ctx, `column '${p.name}' is ${what} in a row (row ${i} of a batch, param inputCols[${parts.indexOf(p)}]): Encountered ${what} while assembling a row with handleInvalid = "error". Consider removing ${what}s from dataset or using handleInvalid = "keep" or "skip". handleInvalid is 'error': set handleInvalid to 'skip' or 'keep', or put a feature.imputer before it`);
      }
      if (handle === 'skip') keep[i] = 0;
    }
  }
  const rows = handle === 'skip' ? keptRows(keep) : null;
  const m = rows ? rows.length : n;
  const values = new Float64Array(m * size);
  let at = 0;
  for (const p of parts) {
    const s = p.size; const src = p.values;
    for (let r = 0; r < m; r++) {
      const i = rows ? rows[r]! : r;
      const base = r * size + at;
      if (!p.isValid(i)) { values.fill(NaN, base, base + s); continue; }
      if (s === 1) values[base] = src[i]!;
      else for (let j = 0; j < s; j++) values[base + j] = src[i * s + j]!;
    }
    at += s;
  }
  const kept = rows ? takeBatch(batch, rows, true) : batch;
  return outputBatch(ctx, kept, new Map([[out, vectorData(values, size, m)]]), m);
}

export const vectorAssembler: FeatureStage = { apply };
