// The Polars side: the workload's lazy query collected by nodejs-polars. Its thread pool size
// comes from POLARS_MAX_THREADS, which the parent sets to the core count.

import type { Workload, InputPaths } from '../workloads/index.ts';
import { normalizeRows, type ResultTable } from '../protocol.ts';

export async function runPolars(workload: Workload, paths: InputPaths): Promise<ResultTable> {
  const pl = (await import('nodejs-polars')).default;
  const df = await workload.polars(pl, paths).collect();
  return { columns: df.columns, rows: normalizeRows(df.rows()) };
}
