// DuckDB's side of one scale case, in a fresh process (the parent measures it under
// /usr/bin/time -v): the case's query written to Parquet with memory_limit = the budget, the
// given temp_directory for what it spills, threads = cores.
//   node bench/scale/duckdb-child.ts CASE EVENTS USERS OUTPUT MEMORY_MB TEMP_DIR

import { availableParallelism } from 'node:os';
import { copyDuckdb } from '../engines/duckdb.ts';
import { SCALE_CASES } from './cases.ts';

const [caseId, events = '', users = '', output = '', memoryMB = '', tempDir = ''] = process.argv.slice(2);
const scaleCase = SCALE_CASES.find((c) => c.id === caseId);
if (!scaleCase) throw new Error(`unknown scale case '${caseId}': expected ${SCALE_CASES.map((c) => c.id).join(', ')}`);
await copyDuckdb(scaleCase.sql({ events, users }), output, availableParallelism(), {
  memory_limit: `${memoryMB}MB`,
  temp_directory: tempDir,
});
