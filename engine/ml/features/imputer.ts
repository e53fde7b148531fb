// feature.imputer, as Spark's Imputer: the surrogate of each input column is computed over its
// non-missing values (null, NaN and missingValue are all excluded from the statistic, as Spark
// filters them out before aggregating), then null and missingValue are replaced by it; a NaN
// that is not the missingValue stays NaN. Integer columns keep their type: the double surrogate
// is cast to the column type (truncated toward zero, as Spark's cast: mean 2.6 -> 2, -1.5 -> -1).
//
// Partials merge exactly: mean sends (sum, count); median and mode send the column's distinct
// values with their counts. The median is then the exact lower median (the value of rank
// ceil(n / 2)), which is what Spark's approxQuantile (relativeError 0.001) returns on small data;
// on large data Spark's sketch may return a neighbouring value: we choose exactness over an
// approximate sketch for now, at the cost of sending each partition's distinct values.

import type { Data, RecordBatch } from 'apache-arrow';
import { Float64, Int32, Int64 } from 'apache-arrow';
import type { FeatureStage, FitPartial, FittedModel, StageContext } from '../stage.ts';
import { fixedData } from '../../compute/arrow-build.ts';
import { columnData, makeBatch } from '../../compute/arrow-types.ts';
import { colFromData } from '../../compute/column.ts';
import { lowerMedian, mergeCounts, mode, ValueCounter, type ValueCounts } from './value-counts.ts';
import { nullableNumericCol } from '../columns.ts';
import { toJsonNumber, fromJsonNumber, type JsonNumber } from '../json-number.ts';
import { outputBatch, stageError } from './common.ts';

type Strategy = 'mean' | 'median' | 'mode';

interface ImputerState { readonly surrogates: readonly JsonNumber[] }

const STAT_FIELDS = [
  { name: 'column', type: 'int32' as const, nullable: false },
  { name: 'value', type: 'float64' as const, nullable: false },
  { name: 'count', type: 'float64' as const, nullable: false },
];

function params(ctx: StageContext) {
  const inputs = ctx.params.inputCols as string[];
  const outputs = (ctx.params.outputCols as string[] | undefined) ?? inputs;
  const missing = ctx.params.missingValue as number;
  return { inputs, outputs, strategy: ctx.params.strategy as Strategy, missing };
}

/** Whether x (not null) counts as missing when fitting: NaN always, and the missingValue. */
function excludedFromFit(x: number, missing: number): boolean {
  return x !== x || x === missing;
}

class ImputerPartial implements FitPartial {
  private readonly sums: Float64Array;
  private readonly counts: Float64Array;
  private readonly values: ValueCounter[];
  private readonly ctx: StageContext;
  constructor(ctx: StageContext) {
    this.ctx = ctx;
    const n = params(ctx).inputs.length;
    this.sums = new Float64Array(n); this.counts = new Float64Array(n);
    this.values = Array.from({ length: n }, () => new ValueCounter());
  }

  consume(batch: RecordBatch): void {
    const { inputs, strategy, missing } = params(this.ctx);
    inputs.forEach((name, k) => {
      const { values, valid, length } = nullableNumericCol(colFromData(columnData(batch, name)));
      if (strategy === 'mean') {
        let s = 0; let c = 0;
        for (let i = 0; i < length; i++) {
          const x = values[i]!;
          if ((valid && !valid[i]) || excludedFromFit(x, missing)) continue;
          s += x; c++;
        }
        this.sums[k]! += s; this.counts[k]! += c;
        return;
      }
      const list = this.values[k]!;
      for (let i = 0; i < length; i++) {
        const x = values[i]!;
        if ((valid && !valid[i]) || excludedFromFit(x, missing)) continue;
        list.push(x);
      }
    });
  }

  finish(): RecordBatch[] {
    const { strategy } = params(this.ctx);
    const cols: number[] = []; const vals: number[] = []; const cnts: number[] = [];
    if (strategy === 'mean') {
      this.sums.forEach((s, k) => { cols.push(k); vals.push(s); cnts.push(this.counts[k]!); });
    } else {
      this.values.forEach((list, k) => {
        const c = list.result();
        for (let i = 0; i < c.values.length; i++) { cols.push(k); vals.push(c.values[i]!); cnts.push(c.counts[i]!); }
      });
    }
    const n = cols.length;
    return [makeBatch(STAT_FIELDS, [
      fixedData(new Int32(), Int32Array.from(cols), n),
      fixedData(new Float64(), Float64Array.from(vals), n),
      fixedData(new Float64(), Float64Array.from(cnts), n),
    ], n)];
  }
}

function final(ctx: StageContext, partials: readonly RecordBatch[]): FittedModel {
  const { inputs, strategy, missing } = params(ctx);
  const sums = new Float64Array(inputs.length); const counts = new Float64Array(inputs.length);
  let valueCounts: ValueCounts[] = inputs.map(() => ({ values: new Float64Array(0), counts: new Float64Array(0) }));
  for (const b of partials) {
    const col = columnData(b, 'column').values as Int32Array;
    const val = columnData(b, 'value').values as Float64Array;
    const cnt = columnData(b, 'count').values as Float64Array;
    if (strategy === 'mean') {
      for (let i = 0; i < b.numRows; i++) { sums[col[i]!]! += val[i]!; counts[col[i]!]! += cnt[i]!; }
      continue;
    }
    // A partial's rows of one column are consecutive and sorted by value: merge them in.
    valueCounts = valueCounts.map((acc, k) => {
      let s = 0; while (s < b.numRows && col[s] !== k) s++;
      let e = s; while (e < b.numRows && col[e] === k) e++;
      return e > s ? mergeCounts(acc, { values: val.subarray(s, e), counts: cnt.subarray(s, e) }) : acc;
    });
  }
  const surrogates = inputs.map((name, k) => {
    const empty = strategy === 'mean' ? counts[k] === 0 : valueCounts[k]!.values.length === 0;
    if (empty) {
      throw stageError(ctx, `column '${name}' (inputCols) has no value to compute the ${strategy} from: every value is null, NaN or the missingValue (${missing}); impute it another way (transform.fillNulls) or remove it from inputCols`);
    }
    return strategy === 'mean' ? sums[k]! / counts[k]! : strategy === 'median' ? lowerMedian(valueCounts[k]!) : mode(valueCounts[k]!);
  });
  const state: ImputerState = { surrogates: surrogates.map(toJsonNumber) };
  const summary: Record<string, number | string> = { strategy };
  inputs.forEach((name, k) => { summary[name] = toJsonNumber(surrogates[k]!); });
  return { nodeId: ctx.nodeId, kind: ctx.kind, state, summary };
}

/** Input column `d` with null and missingValue replaced by `surrogate`, in the column's own type. */
function imputeColumn(d: Data, surrogate: number, missing: number): Data {
  const c = colFromData(d);
  const n = c.length; const valid = c.valid;
  if (c.type === 'float64') {
    const v = c.values as Float64Array; const out = new Float64Array(n);
    const missNaN = missing !== missing;
    for (let i = 0; i < n; i++) {
      const x = v[i]!;
      out[i] = (valid && !valid[i]) || x === missing || (missNaN && x !== x) ? surrogate : x;
    }
    return fixedData(new Float64(), out, n);
  }
  // Spark casts the double surrogate to the column's integer type: truncation toward zero.
  const t = Math.trunc(surrogate);
  if (c.type === 'int64') {
    const v = c.values as BigInt64Array; const out = new BigInt64Array(n);
    const bt = BigInt(t);
    const bm = Number.isInteger(missing) ? BigInt(missing) : undefined;
    for (let i = 0; i < n; i++) out[i] = (valid && !valid[i]) || v[i] === bm ? bt : v[i]!;
    return fixedData(new Int64(), out, n);
  }
  const v = c.values as Int32Array; const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = (valid && !valid[i]) || v[i] === missing ? t : v[i]!;
  return fixedData(new Int32(), out, n);
}

function apply(ctx: StageContext, model: FittedModel | undefined, batch: RecordBatch): RecordBatch {
  if (!model) throw stageError(ctx, 'applied without a fitted model');
  const { inputs, outputs, missing } = params(ctx);
  const surrogates = (model.state as ImputerState).surrogates.map(fromJsonNumber);
  const computed = new Map<string, Data>();
  inputs.forEach((name, k) => computed.set(outputs[k]!, imputeColumn(columnData(batch, name), surrogates[k]!, missing)));
  return outputBatch(ctx, batch, computed);
}

export const imputer: FeatureStage = {
  fit: { partial: (ctx) => new ImputerPartial(ctx), final },
  apply,
};
