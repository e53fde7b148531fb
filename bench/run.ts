// `npm run bench`: generates the data if missing, then runs every workload on DuckDB, Polars
// and Tributary side by side, each repetition in a fresh child process (run-one.ts), checks
// that the three return the same rows, prints the table and writes it as JSON to
// bench/data/results-latest.json. Exits non-zero on a result mismatch or a failed run.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { childFailure, spawnTimed } from './child.ts';
import { diffTables } from './compare.ts';
import { engineAvailable, sinkPath } from './engines/tributary.ts';
import { ensurePolars } from './engines/ensure-polars.ts';
import { ensureData } from './generate.ts';
import { LATENCY_ID, parseOptions, USAGE, type BenchOptions } from './options.ts';
import type { ResultTable } from './protocol.ts';
import type { BenchResults, CaseResult, EngineName, EngineResult, LatencyResult } from './results.ts';
import { DATA_DIR, OUT_DIR, type SizeLabel } from './sizes.ts';
import { printResults } from './table.ts';
import { WORKLOADS, type Workload } from './workloads/index.ts';

const RESULTS_FILE = join(DATA_DIR, 'results-latest.json');
const ENGINE_MISSING = 'not run: engine/exec/engine.ts does not exist yet';

function casesOf(options: BenchOptions): { workload: Workload; size: SizeLabel }[] {
  return WORKLOADS.filter((w) => options.only.includes(w.id))
    .flatMap((workload) => (options.sizes ?? workload.defaultSizes).map((size) => ({ workload, size })));
}

/** The result rows of one successful child: its own table, or Tributary's sink file read back. */
async function resultTable(outputPath: string | undefined, table: ResultTable | undefined): Promise<ResultTable> {
  if (table) return table;
  if (!outputPath) throw new Error('the run reported neither result rows nor an output file');
  const { readParquetTable } = await import('./engines/duckdb.ts');
  return readParquetTable(outputPath);
}

async function runCase(workload: Workload, size: SizeLabel, options: BenchOptions): Promise<CaseResult> {
  const engines: Partial<Record<EngineName, EngineResult>> = {};
  for (const e of options.engines) engines[e] = { wallMs: [], rssMB: [], innerMs: [] };
  if (engines.tributary && !engineAvailable()) engines.tributary.unavailable = ENGINE_MISSING;
  let reference: { engine: EngineName; table: ResultTable } | undefined;
  // Repetitions are interleaved across engines so that load from elsewhere on the machine
  // spreads over all of them rather than hitting one.
  for (let rep = 1; rep <= options.runs; rep++) {
    for (const engine of options.engines) {
      const r = engines[engine]!;
      if (r.unavailable) continue;
      if (engine === 'tributary') rmSync(sinkPath(workload.id, size), { force: true });
      process.stdout.write(`  ${workload.id} ${size} ${engine} run ${rep}/${options.runs} ... `);
      const run = await spawnTimed(['bench/run-one.ts', engine, workload.id, size], options.timeoutSec * 1000);
      const failure = childFailure(run);
      if (failure !== undefined || !run.report?.ok) {
        console.log('FAILED');
        r.failure ??= failure;
        continue;
      }
      r.wallMs.push(run.wallMs);
      r.rssMB.push(run.report.maxRssMB);
      r.innerMs.push(run.report.innerMs);
      console.log(`${(run.wallMs / 1000).toFixed(2)} s, ${run.report.maxRssMB.toFixed(0)} MB`);
      let table: ResultTable;
      try {
        table = await resultTable(run.report.outputPath, run.report.table);
      } catch (err) {
        r.failure ??= `could not read the result: ${String(err)}`;
        continue;
      }
      if (!reference) {
        reference = { engine, table };
        continue;
      }
      const diff = diffTables(reference.table, table);
      if (diff.length > 0 && !r.mismatch) r.mismatch = [`${engine} differs from ${reference.engine}:`, ...diff];
    }
  }
  return { workload: workload.id, title: workload.title, size, engines };
}

async function runLatency(options: BenchOptions): Promise<LatencyResult> {
  const pipeline = 'bench/pipelines/small-10k.json';
  const result: LatencyResult = { pipeline, coldWallMs: [], coldBundledWallMs: [] };
  if (!options.engines.includes('tributary') || !engineAvailable()) {
    result.unavailable = options.engines.includes('tributary') ? ENGINE_MISSING : 'not run: tributary not selected';
    return result;
  }
  if (!existsSync('out/main/cli.js')) {
    console.log('  building the bundled command line (npm run build) ...');
    spawnSync('npm', ['run', 'build'], { stdio: 'ignore' });
  }
  const clis = [['main/cli.ts', result.coldWallMs], ['out/main/cli.js', result.coldBundledWallMs]] as const;
  for (let rep = 1; rep <= options.runs; rep++) {
    for (const [cli, times] of clis) {
      process.stdout.write(`  ${LATENCY_ID} cold process (${cli}) run ${rep}/${options.runs} ... `);
      const run = await spawnTimed([cli, 'run', pipeline, '--json'], options.timeoutSec * 1000);
      if (run.exitCode !== 0 || run.killed) {
        console.log('FAILED');
        result.coldFailure ??= `${cli}: ${run.killed ?? `exit code ${run.exitCode ?? run.signal}`}\n${(run.stderr || run.stdout).trim()}`;
        continue;
      }
      times.push(run.wallMs);
      console.log(`${run.wallMs.toFixed(0)} ms`);
    }
  }
  process.stdout.write(`  ${LATENCY_ID} warm, ${options.warmReps} runs in one Engine ... `);
  const warm = await spawnTimed(['bench/run-one.ts', 'tributary-warm', 'small-10k', String(options.warmReps)],
    options.timeoutSec * 1000);
  const failure = childFailure(warm);
  if (failure !== undefined || !warm.report?.ok) {
    console.log('FAILED');
    result.warmFailure = failure;
  } else {
    result.warm = warm.report.extra;
    console.log(`median ${(warm.report.extra?.medianMs ?? NaN).toFixed(1)} ms`);
  }
  return result;
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const options = parseOptions(argv);
  const cases = casesOf(options);
  if (options.engines.includes('polars')) ensurePolars();
  console.log('Data (bench/data/):');
  await ensureData({
    parquet: [...new Set(cases.filter((c) => !c.workload.csv && !c.workload.skewedEvents).map((c) => c.size))],
    skewed: [...new Set(cases.filter((c) => c.workload.skewedEvents).map((c) => c.size))],
    csv: [...new Set(cases.filter((c) => c.workload.csv).map((c) => c.size))],
  });
  mkdirSync(OUT_DIR, { recursive: true });
  if (options.engines.includes('tributary')) {
    // Children inherit it (child.ts): bench/engines/tributary.ts loads the engine accordingly.
    process.env['TRIBUTARY_BENCH_ENGINE'] = options.tributaryBuild;
    if (options.tributaryBuild === 'bundled') {
      console.log('Tributary: the engine as shipped (npm run build -> out/main/engine.js) ...');
      const built = spawnSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
      if (built.status !== 0) throw new Error('npm run build failed: fix the build, or measure with --from-source');
    } else console.log('Tributary: the engine from its TypeScript source (--from-source)');
  }
  const results: BenchResults = {
    command: ['npm run bench --', ...argv].join(' '),
    startedAt: new Date().toISOString(),
    cores: availableParallelism(),
    node: process.version,
    runs: options.runs,
    tributaryBuild: options.tributaryBuild,
    cases: [],
  };
  console.log(`Runs (${options.runs} per engine, each a fresh process; ${results.cores} cores):`);
  for (const { workload, size } of cases) results.cases.push(await runCase(workload, size, options));
  if (options.only.includes(LATENCY_ID)) results.latency = await runLatency(options);
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  const problems = printResults(results);
  console.log(`\nFigures written to ${RESULTS_FILE}`);
  return problems > 0 ? 1 : 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 2;
}
