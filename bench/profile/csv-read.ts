// Single-thread CSV reader figure (not a test): reads a file as one part through the reader and
// prints rows, batches and time. Usage:
//   node bench/profile/csv-read.ts FILE [col,col,...]   (all columns without a list)

import { csvOptions } from '../../engine/io/csv/csv-options.ts';
import { readCsvPart } from '../../engine/io/csv/csv-read.ts';
import { planCsvParts } from '../../engine/io/csv/csv-splits.ts';
import { inferCsvSchema } from '../../engine/io/csv/csv-schema.ts';

const [file, cols] = process.argv.slice(2);
if (!file) { console.error('usage: node bench/profile/csv-read.ts FILE [col,col,...]'); process.exit(2); }
const t0 = performance.now();
const { schema } = await inferCsvSchema({ path: file });
const fields = cols === "none" ? [] : cols ? cols.split(',').map((c) => schema.fields.find((f) => f.name === c)!) : schema.fields;
const opts = csvOptions({ path: file });
const t1 = performance.now();
const parts = await planCsvParts([file], opts, 2);
const t2 = performance.now();
const cpu0 = process.cpuUsage();
let rows = 0; let batches = 0;
const types = new Set<string>();
for await (const b of readCsvPart({ file, start: parts[0]!.start, end: parts[parts.length - 1]!.end, skipHeader: opts.header }, schema.fields, fields, opts)) {
  rows += b.numRows; batches++;
  for (const f of b.schema.fields) types.add(`${f.name}:${String(f.type)}`);
}
const t3 = performance.now();
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({
  rows, batches, columns: [...types], schemaMs: Math.round(t1 - t0), planMs: Math.round(t2 - t1),
  plannedParts: parts.length, readMs: Math.round(t3 - t2), readCpuMs: Math.round((cpu.user + cpu.system) / 1000), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
}));
