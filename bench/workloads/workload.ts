// What a benchmark workload is: one Tributary pipeline document (bench/pipelines/) plus the
// equivalent DuckDB SQL and nodejs-polars query over the same files.

import type { SizeLabel } from '../sizes.ts';
import type { LazyFrame, Polars } from './polars-api.ts';

export type { LazyFrame, Polars } from './polars-api.ts';

/** Absolute paths of the workload's input files at one size. */
export interface InputPaths {
  readonly events: string;
  readonly users: string;
}

export interface Workload {
  readonly id: string;
  readonly title: string;
  /** File name under bench/pipelines/. */
  readonly pipeline: string;
  /** Pipeline node id -> which input file it reads (its params.path is rewritten per size). */
  readonly sourceNodes: Readonly<Record<string, keyof InputPaths>>;
  /** The sink node whose path is rewritten to bench/data/out/. */
  readonly sinkNode: string;
  /** Reads the CSV copy of events instead of the Parquet file. */
  readonly csv: boolean;
  /** Reads skewed-events-SIZE.parquet (user 42 on half the rows) as its events. */
  readonly skewedEvents?: boolean;
  /** Sizes run when --sizes is not given. */
  readonly defaultSizes: readonly SizeLabel[];
  sql(paths: InputPaths): string;
  polars(pl: Polars, paths: InputPaths): LazyFrame;
}
