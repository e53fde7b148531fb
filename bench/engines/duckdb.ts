// The DuckDB side: the workload's SQL in an in-process DuckDB with threads = cores. Also
// reads Tributary's sink file for the parent's result check.

import { DuckDBInstance } from '@duckdb/node-api';
import { normalizeRows, type ResultTable } from '../protocol.ts';

async function query(sql: string, threads: number): Promise<ResultTable> {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const conn = await instance.connect();
  try {
    const reader = await conn.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: normalizeRows(reader.getRowsJS()) };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

export function runDuckdb(sql: string, threads: number): Promise<ResultTable> {
  return query(sql, threads);
}

/** All rows of a (small) Parquet file, e.g. a benchmark result written by Tributary. */
export function readParquetTable(path: string): Promise<ResultTable> {
  return query(`SELECT * FROM read_parquet('${path.replaceAll("'", "''")}')`, 1);
}
