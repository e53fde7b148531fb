// The slice of the nodejs-polars API the workloads use, written out because nodejs-polars is
// installed on the benchmark's first use, not as a dev dependency (it broke `npm ci`): the type
// check of a fresh clone must not depend on it. Checked against nodejs-polars 0.26.1.

export interface PolarsExpr {
  gt(value: number): PolarsExpr;
  sum(): PolarsExpr;
  /** Non-null values. */
  count(): PolarsExpr;
  mean(): PolarsExpr;
  alias(name: string): PolarsExpr;
}

export interface PolarsDataFrame {
  readonly columns: string[];
  rows(): unknown[][];
  writeParquet(path: string): void;
}

export interface PolarsGroupBy {
  agg(...exprs: PolarsExpr[]): LazyFrame;
}

export interface LazyFrame {
  filter(predicate: PolarsExpr): LazyFrame;
  groupBy(by: string | string[]): PolarsGroupBy;
  join(other: LazyFrame, options: { on: string; how: 'inner' | 'left' }): LazyFrame;
  sort(options: { by: string[]; descending: boolean[]; nullsLast: boolean }): LazyFrame;
  limit(n: number): LazyFrame;
  select(...columns: string[]): LazyFrame;
  unique(): LazyFrame;
  collect(): Promise<PolarsDataFrame>;
}

export interface Polars {
  col(name: string): PolarsExpr;
  len(): PolarsExpr;
  lit(value: number | null): PolarsExpr;
  when(condition: PolarsExpr): { then(value: PolarsExpr): { otherwise(value: PolarsExpr): PolarsExpr } };
  scanParquet(path: string): LazyFrame;
  scanCSV(path: string, options: { hasHeader: boolean }): LazyFrame;
}
