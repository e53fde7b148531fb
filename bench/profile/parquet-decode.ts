// Profiling script for Parquet decoding (not a test): single thread, every row group of a file,
// projected columns only, batches as the scan hands them to the engine. Compares our own decoder
// with the parquet-wasm path (FFI copy-out + normalize).
// Run:  node bench/profile/parquet-decode.ts [--file F] [--columns a,b,c] [--repeat N] [own|parquet-wasm ...]
//       node --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile/parquet-decode.ts own

import { readFooter } from '../../engine/io/parquet/footer.ts';
import { parquetDecode, readParquetPart } from '../../engine/io/parquet/read.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : fallback;
};
const file = opt('--file', 'bench/data/events-10M.parquet');
const columns = opt('--columns', 'amount,category,qty').split(',');
const repeat = Number(opt('--repeat', '3'));
const flagged = new Set(['--file', '--columns', '--repeat']);
const paths = args.filter((a, i) => !a.startsWith('--') && !flagged.has(args[i - 1] ?? ''));
const decoders = (paths.length ? paths : ['parquet-wasm', 'own']) as ('own' | 'parquet-wasm')[];

const footer = await readFooter(file);
const fields = columns.map((c) => {
  const f = footer.schema.fields.find((x) => x.name === c);
  if (!f) throw new Error(`${file} has no column '${c}'`);
  return f;
});
const part = { file, rowGroups: footer.rowGroups.map((rg) => rg.index) };

// CPU time beside wall time: the machine is shared, and CPU time does not count the time this
// process waits for a core.
const summary: string[] = [];
for (const decoder of decoders) {
  parquetDecode.decoder = decoder;
  const cpuTimes: number[] = [];
  for (let r = 0; r < repeat; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let rows = 0;
    let batches = 0;
    for await (const b of readParquetPart(part, fields, [])) {
      rows += b.numRows;
      batches++;
    }
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const cpuMs = (c.user + c.system) / 1000;
    cpuTimes.push(cpuMs);
    const heap = process.memoryUsage();
    console.log(`${decoder.padEnd(12)} run ${r + 1}: ${ms.toFixed(0).padStart(6)} ms wall ${cpuMs.toFixed(0).padStart(6)} ms cpu  ${rows} rows in ${batches} batches  rss ${(heap.rss / 2 ** 20).toFixed(0)} MiB`);
  }
  cpuTimes.sort((a, b) => a - b);
  summary.push(`${decoder}: cpu min ${cpuTimes[0]!.toFixed(0)} ms, median ${cpuTimes[cpuTimes.length >> 1]!.toFixed(0)} ms`);
}
console.log(summary.join('\n'));
