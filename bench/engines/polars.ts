// The Polars side: the workload's lazy query collected by nodejs-polars. Its thread pool size
// comes from POLARS_MAX_THREADS, which the parent sets to the core count.

import type { Workload, InputPaths } from '../workloads/index.ts';
import type { Polars } from '../workloads/polars-api.ts';

/** Collects the workload's query and writes it to `output` as Parquet, as a pipeline's sink does. */
export async function runPolars(workload: Workload, paths: InputPaths, output: string): Promise<void> {
  // A computed specifier: the package is installed on first use (ensure-polars.ts), so the type
  // check must not resolve it.
  const specifier = 'nodejs-polars';
  const pl = ((await import(specifier)) as { default: Polars }).default;
  const df = await workload.polars(pl, paths).collect();
  df.writeParquet(output);
}
