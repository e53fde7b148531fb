// Regenerates test/golden/data/sales.parquet (committed): 1000 deterministic rows in row
// groups of 250, sorted by id, so scans with filters on id can skip row groups by statistics.
// Run: node test/golden/data/make-sales.ts

import { DuckDBInstance } from '@duckdb/node-api';
import { fileURLToPath } from 'node:url';

const out = fileURLToPath(new URL('./sales.parquet', import.meta.url));
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`COPY (
  SELECT i::INTEGER AS id,
         (['north', 'south', 'east', 'west'])[(i % 4) + 1] AS region,
         round((i * 37 % 1000) / 10.0, 2)::DOUBLE AS amount,
         (DATE '2024-01-01' + (i % 90)::INTEGER) AS day
  FROM range(1000) t(i) ORDER BY i
) TO '${out}' (FORMAT PARQUET, ROW_GROUP_SIZE 250)`);
con.closeSync();
console.log(`wrote ${out}`);
