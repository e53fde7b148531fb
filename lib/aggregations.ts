// Typed helpers for transform.aggregate's aggregations: `sum('amount').as('revenue')` is the
// record { fn: 'sum', column: 'amount', as: 'revenue' } of the document.

import type { AGGREGATE_FNS } from '../engine/document/catalog-transforms.ts';

export type AggregateFn = (typeof AGGREGATE_FNS)[number];

export interface AggregationRecord { readonly fn: AggregateFn; readonly column?: string; readonly as?: string }

export class Aggregation {
  readonly fn: AggregateFn;
  readonly column: string | undefined;
  /** The output column's name; undefined for the default (fn_column, or count). */
  readonly outputName: string | undefined;

  constructor(fn: AggregateFn, column?: string, outputName?: string) {
    this.fn = fn;
    this.column = column;
    this.outputName = outputName;
  }

  /** Names the output column. */
  as(name: string): Aggregation {
    return new Aggregation(this.fn, this.column, name);
  }

  toRecord(): AggregationRecord {
    return {
      fn: this.fn, ...(this.column !== undefined ? { column: this.column } : {}),
      ...(this.outputName !== undefined ? { as: this.outputName } : {}),
    };
  }
}

export type AggregationLike = Aggregation | AggregationRecord;

export function toAggregationRecord(a: AggregationLike): AggregationRecord {
  return a instanceof Aggregation ? a.toRecord() : a;
}

/** Rows (without a column) or non-null values of the column. */
export const count = (column?: string): Aggregation => new Aggregation('count', column);
export const countDistinct = (column: string): Aggregation => new Aggregation('count_distinct', column);
export const sum = (column: string): Aggregation => new Aggregation('sum', column);
export const avg = (column: string): Aggregation => new Aggregation('avg', column);
export const min = (column: string): Aggregation => new Aggregation('min', column);
export const max = (column: string): Aggregation => new Aggregation('max', column);
export const stddev = (column: string): Aggregation => new Aggregation('stddev', column);
export const variance = (column: string): Aggregation => new Aggregation('variance', column);
export const median = (column: string): Aggregation => new Aggregation('median', column);
export const first = (column: string): Aggregation => new Aggregation('first', column);
