// One measured repetition in a fresh process, spawned by run.ts:
//   node bench/run-one.ts tributary|duckdb|polars W1|W2|W4|W5 1M|10M|30M
//   node bench/run-one.ts tributary-warm small-10k REPS
// It runs the workload once and prints a ChildReport line (protocol.ts): result rows or the
// result file, the time inside the engine call, and the process's peak memory.
// DuckDB and Polars are imported only in their own children: loading either native library
// would add to the other engines' start time and memory.

import { enableCompileCache } from 'node:module';
import { availableParallelism } from 'node:os';
import { createEngine, describeError, loadPipeline, runDocument, sinkPath, withPaths } from './engines/tributary.ts';
import { maxRssMB, writeReport, type ChildReport } from './protocol.ts';
import { eventsCsv, eventsParquet, isSizeLabel, skewedEventsParquet, usersParquet } from './sizes.ts';
import { workloadById, type InputPaths, type Workload } from './workloads/index.ts';

async function runWorkload(engine: string, workload: Workload, paths: InputPaths, size: string): Promise<ChildReport> {
  const threads = availableParallelism();
  const started = performance.now();
  const elapsed = (): number => performance.now() - started;
  switch (engine) {
    case 'duckdb': {
      const { runDuckdb } = await import('./engines/duckdb.ts');
      const table = await runDuckdb(workload.sql(paths), threads);
      return { ok: true, innerMs: elapsed(), maxRssMB: maxRssMB(), table };
    }
    case 'polars': {
      const { runPolars } = await import('./engines/polars.ts');
      const table = await runPolars(workload, paths);
      return { ok: true, innerMs: elapsed(), maxRssMB: maxRssMB(), table };
    }
    case 'tributary': {
      // As the tributary command does (main/cli.ts): Node's on-disk compile cache, so a fresh
      // process does not strip and compile every TypeScript module of the engine again.
      enableCompileCache();
      const sources = Object.fromEntries(Object.entries(workload.sourceNodes).map(([id, input]) => [id, paths[input]]));
      const outputPath = sinkPath(workload.id, size);
      const doc = withPaths(loadPipeline(workload.pipeline), { ...sources, [workload.sinkNode]: outputPath });
      const engineInstance = await createEngine(doc);
      try {
        const { path } = await runDocument(engineInstance, doc);
        return { ok: true, innerMs: elapsed(), maxRssMB: maxRssMB(), outputPath: path ?? outputPath };
      } finally {
        await engineInstance.close();
      }
    }
    default:
      throw new Error(`unknown engine '${engine}': expected tributary, duckdb or polars`);
  }
}

async function main(argv: readonly string[]): Promise<ChildReport> {
  const [engine = '', workloadId = '', arg = ''] = argv;
  if (engine === 'tributary-warm') {
    const { measureWarm } = await import('./latency.ts');
    const extra = await measureWarm(workloadId, Number(arg) || 20);
    return { ok: true, innerMs: extra.medianMs ?? 0, maxRssMB: maxRssMB(), extra };
  }
  const workload = workloadById(workloadId);
  if (!workload) throw new Error(`unknown workload '${workloadId}': expected W1, W2, W4 or W5`);
  if (!isSizeLabel(arg)) throw new Error(`unknown size '${arg}': expected 1M, 10M or 30M`);
  const events = workload.csv ? eventsCsv(arg) : workload.skewedEvents ? skewedEventsParquet(arg) : eventsParquet(arg);
  const paths = { events, users: usersParquet() };
  return runWorkload(engine, workload, paths, arg);
}

try {
  writeReport(await main(process.argv.slice(2)));
} catch (err) {
  writeReport({ ok: false, error: describeError(err), maxRssMB: maxRssMB() });
  process.exitCode = 1;
}
