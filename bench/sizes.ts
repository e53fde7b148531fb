// The benchmark's data sizes and where each generated file lives (bench/data/, gitignored).

import { join } from 'node:path';
import type { InputPaths, Workload } from './workloads/workload.ts';

export const BENCH_DIR = new URL('.', import.meta.url).pathname;
export const DATA_DIR = join(BENCH_DIR, 'data');
export const OUT_DIR = join(DATA_DIR, 'out');

/** Size labels accepted by --sizes, and the events row count each stands for. */
export const SIZES = { '1M': 1_000_000, '10M': 10_000_000, '30M': 30_000_000 } as const;
export type SizeLabel = keyof typeof SIZES;

export const USERS_ROWS = 1_000_000;
/** The CSV copy of events exists only at this size (the W4 workload). */
export const CSV_SIZE: SizeLabel = '10M';

export function isSizeLabel(s: string): s is SizeLabel {
  return Object.hasOwn(SIZES, s);
}

export function eventsParquet(size: SizeLabel): string {
  return join(DATA_DIR, `events-${size}.parquet`);
}

export function eventsCsv(size: SizeLabel): string {
  return join(DATA_DIR, `events-${size}.csv`);
}

/** Events with one hot user: user_id 42 on every second row (the skewed-join workloads W7, W7off). */
export function skewedEventsParquet(size: SizeLabel): string {
  return join(DATA_DIR, `skewed-events-${size}.parquet`);
}

export function usersParquet(): string {
  return join(DATA_DIR, 'users-1M.parquet');
}

/** The files a workload reads at one size. */
export function inputPaths(workload: Workload, size: SizeLabel): InputPaths {
  const events = workload.csv ? eventsCsv(size) : workload.skewedEvents ? skewedEventsParquet(size) : eventsParquet(size);
  return { events, users: usersParquet() };
}

/** Where an engine writes a workload's result (Parquet), compared across engines by compare.ts. */
export function outputPath(workloadId: string, size: string, engine: string): string {
  return join(OUT_DIR, `${workloadId}-${size}-${engine}.parquet`);
}
