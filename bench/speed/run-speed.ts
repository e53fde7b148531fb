// `npm run bench -- --suite speed`: issue 14's two extra views of speed.
// 1. The studio's case: each engine kept warm in one process, the same workload repeated
//    (warm.ts; Spark: one session, bench/spark/warm.py), the median after one untimed run, each
//    engine's last result checked against DuckDB's.
// 3. The studio's preview latency (speed/preview-latency.ts; `--only preview` runs it alone).
// 2. The partitions sweep: `tributary run --partitions P` for P = 1..cores on W1 and W2, whole
//    processes interleaved, wall and CPU time (user + sys, /usr/bin/time -v) against P = 1.

import { availableParallelism } from 'node:os';
import { childFailure, spawnTimed } from '../child.ts';
import { diffParquetFiles } from '../compare.ts';
import { runSparkWarm, sparkUnavailable } from '../engines/spark.ts';
import { buildShipped, cliEnv, parseRunOutput, runArgs, writePipelineFile } from '../engines/tributary-cli.ts';
import { ensureData } from '../generate.ts';
import { parseOptions, PREVIEW_ID, type BenchOptions } from '../options.ts';
import { median } from '../results.ts';
import { inputPaths, outputPath, type SizeLabel } from '../sizes.ts';
import { WORKLOADS, type Workload } from '../workloads/index.ts';
import { printPartitions, printWarm, type PartitionRow, type WarmRow } from './speed-table.ts';
import { printPreviews, type PreviewRow } from './preview-table.ts';

const SPEED_WORKLOADS = ['W1', 'W2', 'W5', 'W6'];
const SWEEP_WORKLOADS = ['W1', 'W2'];

async function warmCase(workload: Workload, size: SizeLabel, options: BenchOptions): Promise<WarmRow> {
  const row: WarmRow = { workload: workload.id, size, engines: {} };
  const reps = Math.max(options.runs, 3);
  const outputs: Record<string, string> = {};
  for (const engine of options.engines) {
    if (engine === 'polars') continue; // no warm Polars session here: the studio's comparison is DuckDB's
    process.stdout.write(`  warm ${workload.id} ${size} ${engine}, ${reps} runs in one process ... `);
    if (engine === 'spark') {
      const missing = sparkUnavailable(workload);
      if (missing) {
        console.log(missing);
        continue;
      }
      const r = await runSparkWarm(workload, size, reps, options.timeoutSec);
      row.engines.spark = 'failure' in r ? { failure: r.failure } : r;
      if (!('failure' in r)) outputs['spark'] = outputPath(workload.id, size, 'spark-warm');
    } else {
      const run = await spawnTimed(['bench/run-one.ts', `warm-${engine}`, workload.id, size, String(reps)], options.timeoutSec * 1000);
      const failure = childFailure(run);
      const extra = run.report?.ok ? run.report.extra : undefined;
      row.engines[engine] = failure !== undefined || !extra ? { failure: failure ?? 'no figures' }
        : { firstMs: extra['firstMs']!, medianMs: extra['medianMs']!, rssMB: run.usage?.maxRssMB };
      if (!failure) outputs[engine] = outputPath(workload.id, size, `${engine}-warm`);
    }
    const r = row.engines[engine];
    console.log(r && 'medianMs' in r ? `median ${r.medianMs.toFixed(0)} ms` : 'FAILED');
  }
  if (outputs['duckdb']) {
    for (const [engine, path] of Object.entries(outputs)) {
      if (engine === 'duckdb') continue;
      const diff = await diffParquetFiles(outputs['duckdb'], path);
      if (diff.length > 0) row.mismatch = [...(row.mismatch ?? []), `${engine} (warm) differs from duckdb:`, ...diff];
    }
  }
  return row;
}

async function partitionSweep(workload: Workload, size: SizeLabel, options: BenchOptions): Promise<PartitionRow[]> {
  const cores = availableParallelism();
  const paths = inputPaths(workload, size);
  const output = outputPath(workload.id, size, 'tributary');
  const file = writePipelineFile(workload.pipeline, `${workload.id}-${size}`, {
    ...Object.fromEntries(Object.entries(workload.sourceNodes).map(([id, input]) => [id, paths[input]])),
    [workload.sinkNode]: output,
  });
  const rows: PartitionRow[] = Array.from({ length: cores }, (_, i) => ({ workload: workload.id, size, partitions: i + 1, wallMs: [], cpuS: [] }));
  for (let rep = 1; rep <= options.runs; rep++) {
    for (const row of rows) {
      process.stdout.write(`  ${workload.id} ${size} --partitions ${row.partitions} run ${rep}/${options.runs} ... `);
      const run = await spawnTimed(runArgs(options.tributaryBuild, file, ['--partitions', String(row.partitions)]),
        options.timeoutSec * 1000, { env: cliEnv() });
      const outcome = run.killed ? { ok: false, error: run.killed } : parseRunOutput(run.stdout, run.exitCode, run.stderr);
      if (!outcome.ok) {
        row.failure ??= outcome.error;
        console.log('FAILED');
        continue;
      }
      row.wallMs.push(run.wallMs);
      if (run.usage) row.cpuS.push(run.usage.userS + run.usage.sysS);
      console.log(`${(run.wallMs / 1000).toFixed(2)} s, CPU ${run.usage ? (run.usage.userS + run.usage.sysS).toFixed(2) : '?'} s`);
    }
  }
  return rows;
}

export async function runSpeed(argv: readonly string[]): Promise<number> {
  const options = parseOptions(argv);
  const chosen = argv.includes('--only') ? options.only : SPEED_WORKLOADS;
  const sizes: SizeLabel[] = [...(options.sizes ?? ['10M'])];
  const workloads = WORKLOADS.filter((w) => chosen.includes(w.id) && SPEED_WORKLOADS.includes(w.id));
  console.log('Data (bench/data/):');
  await ensureData({ parquet: sizes, csv: [] });
  process.env['TRIBUTARY_BENCH_ENGINE'] = options.tributaryBuild; // the warm Tributary child loads this build
  if (options.engines.includes('tributary')) buildShipped(options.tributaryBuild);
  console.log('The studio\'s case: each engine warm in one process, the same workload repeated:');
  const warm: WarmRow[] = [];
  for (const w of workloads) for (const size of sizes) warm.push(await warmCase(w, size, options));
  const sweep: PartitionRow[] = [];
  if (options.engines.includes('tributary')) {
    console.log(`Partitions sweep (tributary run --partitions 1..${availableParallelism()}, ${options.runs} runs each, interleaved):`);
    for (const w of workloads.filter((x) => SWEEP_WORKLOADS.includes(x.id))) {
      for (const size of sizes) sweep.push(...await partitionSweep(w, size, options));
    }
  }
  const previews: PreviewRow[] = [];
  if (options.engines.includes('tributary') && (!argv.includes('--only') || options.only.includes(PREVIEW_ID))) {
    for (const size of sizes) previews.push(await previewCase(size, options));
  }
  const problems = printWarm(warm) + printPartitions(sweep, median) + printPreviews(previews);
  return problems > 0 ? 1 : 0;
}

/** The studio's preview latency (speed/preview-latency.ts) in a child process of its own. */
async function previewCase(size: SizeLabel, options: BenchOptions): Promise<PreviewRow> {
  const reps = Math.max(options.runs, 5);
  process.stdout.write(`  preview ${size}: the studio's warm engine, each case once then ${reps} times ... `);
  const run = await spawnTimed(['bench/run-one.ts', 'warm-preview', size, String(reps)], options.timeoutSec * 1000);
  const failure = childFailure(run);
  const extra = run.report?.ok ? run.report.extra : undefined;
  console.log(failure ?? (extra ? 'done' : 'no figures'));
  return failure !== undefined || !extra ? { size, reps, failure: failure ?? 'no figures' } : { size, reps, figures: extra };
}
