// The benchmark's collected figures, shared by the runner (run.ts) and the printer (table.ts).

import type { SkewedStageTimes } from './engines/tributary-cli.ts';

export const ENGINES = ['duckdb', 'polars', 'spark', 'tributary'] as const;
export type EngineName = (typeof ENGINES)[number];

export const ENGINE_LABEL: Record<EngineName, string> = { duckdb: 'DuckDB', polars: 'Polars', spark: 'Spark', tributary: 'Tributary' };

export interface EngineResult {
  /** Whole-process wall time of each successful repetition, spawn to exit. */
  readonly wallMs: number[];
  /** Peak resident memory of each successful repetition. */
  readonly rssMB: number[];
  /** Time inside the engine call of each successful repetition (information only). */
  readonly innerMs: number[];
  /** Each repetition's skewed stage, slowest and median task (Tributary's runs report it; a run
   *  with no skewed stage adds none). */
  readonly skewedStage: SkewedStageTimes[];
  /** The first failure, verbatim. */
  failure?: string;
  /** The first result mismatch against the reference engine. */
  mismatch?: string[];
  /** Why the engine was not run at all (e.g. not built yet). */
  unavailable?: string;
}

export interface CaseResult {
  readonly workload: string;
  readonly title: string;
  readonly size: string;
  readonly engines: Partial<Record<EngineName, EngineResult>>;
}

export interface LatencyResult {
  readonly pipeline: string;
  readonly coldWallMs: number[];
  /** The same through the bundled command line (out/main/cli.js, built by `npm run build`). */
  readonly coldBundledWallMs: number[];
  coldFailure?: string;
  warm?: Readonly<Record<string, number>>;
  warmFailure?: string;
  unavailable?: string;
}

export interface BenchResults {
  readonly command: string;
  readonly startedAt: string;
  readonly cores: number;
  readonly node: string;
  readonly runs: number;
  /** Which build of Tributary's engine the workloads ran. */
  readonly tributaryBuild?: 'bundled' | 'source';
  readonly cases: CaseResult[];
  latency?: LatencyResult;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
