// Two output folders compared as the issue asks: the same files, CSV byte for byte, Parquet value
// for value (read back with DuckDB, an independent reader).

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

function files(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory()
    ? files(join(dir, e.name), root) : [relative(root, join(dir, e.name))])).sort();
}

async function parquetRows(path: string): Promise<string> {
  const db = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await db.connect();
  try {
    const reader = await conn.runAndReadAll(`SELECT * FROM read_parquet('${path.replace(/'/g, "''")}')`);
    return JSON.stringify({ columns: reader.columnNames(), rows: reader.getRowsJson() });
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

/** Differences between the two folders' outputs; empty when equal. */
export async function outputDifferences(want: string, got: string): Promise<string[]> {
  const a = files(want);
  const b = files(got);
  if (a.join('\n') !== b.join('\n')) return [`files differ: want [${a.join(', ')}] got [${b.join(', ')}]`];
  const diffs: string[] = [];
  for (const f of a) {
    if (f.endsWith('.parquet')) {
      if (await parquetRows(join(want, f)) !== await parquetRows(join(got, f))) diffs.push(`${f}: Parquet values differ`);
    } else if (!readFileSync(join(want, f)).equals(readFileSync(join(got, f)))) diffs.push(`${f}: bytes differ`);
  }
  return diffs;
}
