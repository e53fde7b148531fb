// The DuckDB side: the workload's SQL in an in-process DuckDB with threads = cores, its result
// written to Parquet as Tributary's sink writes it.

import { DuckDBInstance } from '@duckdb/node-api';

/** Runs `sql` and writes its rows to `output` as Parquet (COPY ... TO), as a pipeline's sink does. */
export async function copyDuckdb(sql: string, output: string, threads: number, settings: Record<string, string> = {}): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads), ...settings });
  const conn = await instance.connect();
  try {
    await conn.run(`COPY (${sql}) TO '${output.replaceAll("'", "''")}' (FORMAT parquet)`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
