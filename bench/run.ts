// `npm run bench`: generates the data if missing, then runs every workload on DuckDB, Polars
// and Tributary side by side, each repetition in a fresh child process (run-one.ts), checks
// that the three return the same rows, prints the table and writes it as JSON to
// bench/data/results-latest.json. Exits non-zero on a result mismatch or a failed run.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { childFailure, spawnTimed } from './child.ts';
import { diffParquetFiles } from './compare.ts';
import { engineAvailable } from './engines/tributary.ts';
import { buildShipped, cliEnv, parseRunOutput, runArgs, writePipelineFile, type SkewedStageTimes } from './engines/tributary-cli.ts';
import { runSparkOnce, sparkMissing, sparkUnavailable } from './engines/spark.ts';
import { ensurePolars } from './engines/ensure-polars.ts';
import { ensureData } from './generate.ts';
import { LATENCY_ID, parseOptions, USAGE, type BenchOptions } from './options.ts';
import type { BenchResults, CaseResult, EngineName, EngineResult, LatencyResult } from './results.ts';
import { DATA_DIR, inputPaths, OUT_DIR, outputPath, type SizeLabel } from './sizes.ts';
import { printResults } from './table.ts';
import { WORKLOADS, type Workload } from './workloads/index.ts';

const RESULTS_FILE = join(DATA_DIR, 'results-latest.json');
const ENGINE_MISSING = 'not run: engine/exec/engine.ts does not exist yet';

function casesOf(options: BenchOptions): { workload: Workload; size: SizeLabel }[] {
  return WORKLOADS.filter((w) => options.only.includes(w.id))
    .flatMap((workload) => (options.sizes ?? workload.defaultSizes).map((size) => ({ workload, size })));
}

/** One repetition of one engine: the child spawned and measured, its outcome, its result file. */
async function runOnce(engine: EngineName, workload: Workload, size: SizeLabel, options: BenchOptions): Promise<{
  failure?: string; wallMs: number; rssMB?: number; innerMs?: number; outputPath?: string; skewedStage?: SkewedStageTimes;
}> {
  const timeoutMs = options.timeoutSec * 1000;
  if (engine === 'tributary') {
    const output = outputPath(workload.id, size, engine);
    rmSync(output, { force: true });
    const paths = inputPaths(workload, size);
    const file = writePipelineFile(workload.pipeline, `${workload.id}-${size}`, {
      ...Object.fromEntries(Object.entries(workload.sourceNodes).map(([id, input]) => [id, paths[input]])),
      [workload.sinkNode]: output,
    });
    const run = await spawnTimed(runArgs(options.tributaryBuild, file), timeoutMs, { env: cliEnv() });
    if (run.killed) return { failure: `${run.killed}\n${run.stderr.trim()}`, wallMs: run.wallMs };
    const outcome = parseRunOutput(run.stdout, run.exitCode, run.stderr);
    if (!outcome.ok) return { failure: outcome.error, wallMs: run.wallMs };
    return {
      wallMs: run.wallMs, rssMB: run.usage?.maxRssMB, innerMs: outcome.durationMs, outputPath: outcome.outputPath ?? output,
      skewedStage: outcome.skewedStage,
    };
  }
  if (engine === 'spark') return runSparkOnce(workload, size, options);
  const run = await spawnTimed(['bench/run-one.ts', engine, workload.id, size], timeoutMs);
  const failure = childFailure(run);
  if (failure !== undefined || !run.report?.ok) return { failure: failure ?? 'no report', wallMs: run.wallMs };
  return {
    wallMs: run.wallMs, rssMB: run.usage?.maxRssMB ?? run.report.maxRssMB, innerMs: run.report.innerMs, outputPath: run.report.outputPath,
  };
}

async function runCase(workload: Workload, size: SizeLabel, options: BenchOptions): Promise<CaseResult> {
  const engines: Partial<Record<EngineName, EngineResult>> = {};
  for (const e of options.engines) engines[e] = { wallMs: [], rssMB: [], innerMs: [], skewedStage: [] };
  if (engines.tributary && !engineAvailable()) engines.tributary.unavailable = ENGINE_MISSING;
  if (engines.spark) engines.spark.unavailable = sparkUnavailable(workload);
  let reference: { engine: EngineName; path: string } | undefined;
  // Repetitions are interleaved across engines so that load from elsewhere on the machine
  // spreads over all of them rather than hitting one.
  for (let rep = 1; rep <= options.runs; rep++) {
    for (const engine of options.engines) {
      const r = engines[engine]!;
      if (r.unavailable) continue;
      process.stdout.write(`  ${workload.id} ${size} ${engine} run ${rep}/${options.runs} ... `);
      const run = await runOnce(engine, workload, size, options);
      if (run.failure !== undefined || !run.outputPath) {
        console.log('FAILED');
        r.failure ??= run.failure ?? 'the run reported no output file';
        continue;
      }
      r.wallMs.push(run.wallMs);
      if (run.rssMB !== undefined) r.rssMB.push(run.rssMB);
      if (run.innerMs !== undefined) r.innerMs.push(run.innerMs);
      if (run.skewedStage) r.skewedStage.push(run.skewedStage);
      console.log(`${(run.wallMs / 1000).toFixed(2)} s, ${run.rssMB?.toFixed(0) ?? '?'} MB`);
      if (!reference) {
        reference = { engine, path: run.outputPath };
        continue;
      }
      const diff = await diffParquetFiles(reference.path, run.outputPath);
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
      const run = await spawnTimed([cli, 'run', pipeline, '--json'], options.timeoutSec * 1000, { env: cliEnv() });
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
  const suite = argv.indexOf('--suite');
  if (suite >= 0) {
    const name = argv[suite + 1];
    const rest = [...argv.slice(0, suite), ...argv.slice(suite + 2)];
    if (name === 'scale') return (await import('./scale/run-scale.ts')).runScale(rest);
    if (name === 'speed') return (await import('./speed/run-speed.ts')).runSpeed(rest);
    throw new Error(`--suite: unknown suite '${name}'; expected scale or speed`);
  }
  const options = parseOptions(argv);
  const cases = casesOf(options);
  if (options.engines.includes('polars')) ensurePolars();
  const noSpark = options.engines.includes('spark') ? sparkMissing() : undefined;
  if (noSpark) console.log(`Spark: ${noSpark}`);
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
    buildShipped(options.tributaryBuild);
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
