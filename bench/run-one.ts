// One measured repetition in a fresh process, spawned by run.ts:
//   node bench/run-one.ts duckdb|polars W1|W2|... 1M|10M|30M
//   node bench/run-one.ts tributary-warm small-10k REPS
//   node bench/run-one.ts warm-tributary|warm-duckdb W1 1M REPS   (the studio's case, warm.ts)
//   node bench/run-one.ts warm-preview 10M REPS   (the studio's preview latency, speed/preview-latency.ts)
// It runs the workload once, writes its result to bench/data/out/ as Parquet, and prints a
// ChildReport line (protocol.ts): the result file, the time inside the engine call, and the
// process's peak memory. Tributary runs as its own command line instead (engines/tributary-cli.ts).
// DuckDB and Polars are imported only in their own children: loading either native library
// would add to the other engines' start time and memory.

import { availableParallelism } from 'node:os';
import { describeError } from './engines/tributary.ts';
import { maxRssMB, writeReport, type ChildReport } from './protocol.ts';
import { inputPaths, isSizeLabel, outputPath } from './sizes.ts';
import { workloadById, type InputPaths, type Workload } from './workloads/index.ts';

/** Runs the workload once, writing its result to `output` (Parquet) as Tributary's sink does. */
async function runWorkload(engine: string, workload: Workload, paths: InputPaths, output: string): Promise<ChildReport> {
  const threads = availableParallelism();
  const started = performance.now();
  const elapsed = (): number => performance.now() - started;
  switch (engine) {
    case 'duckdb': {
      const { copyDuckdb } = await import('./engines/duckdb.ts');
      await copyDuckdb(workload.sql(paths), output, threads);
      break;
    }
    case 'polars': {
      const { runPolars } = await import('./engines/polars.ts');
      await runPolars(workload, paths, output);
      break;
    }
    default:
      throw new Error(`unknown engine '${engine}': expected duckdb or polars (Tributary runs as its command line)`);
  }
  return { ok: true, innerMs: elapsed(), maxRssMB: maxRssMB(), outputPath: output };
}

async function main(argv: readonly string[]): Promise<ChildReport> {
  const [engine = '', workloadId = '', arg = ''] = argv;
  if (engine === 'warm-tributary' || engine === 'warm-duckdb') {
    // node bench/run-one.ts warm-tributary|warm-duckdb WORKLOAD SIZE REPS: the studio's case (warm.ts).
    const workload = workloadById(workloadId);
    const reps = Number(argv[3]);
    if (!workload || !isSizeLabel(arg) || !Number.isInteger(reps) || reps < 1) {
      throw new Error(`usage: run-one.ts ${engine} WORKLOAD 1M|10M|30M REPS`);
    }
    const { warmDuckdb, warmTributary } = await import('./warm.ts');
    const figures = await (engine === 'warm-duckdb' ? warmDuckdb : warmTributary)(workload, arg, reps);
    return { ok: true, innerMs: figures.medianMs, maxRssMB: maxRssMB(), extra: { ...figures } };
  }
  if (engine === 'warm-preview') {
    const reps = Number(arg);
    if (!isSizeLabel(workloadId) || !Number.isInteger(reps) || reps < 1) throw new Error('usage: run-one.ts warm-preview 1M|10M|30M REPS');
    const { measurePreviews } = await import('./speed/preview-latency.ts');
    const extra = await measurePreviews(workloadId, reps);
    return { ok: true, innerMs: extra['source.medianMs'] ?? 0, maxRssMB: maxRssMB(), extra };
  }
  if (engine === 'tributary-warm') {
    const { measureWarm } = await import('./latency.ts');
    const extra = await measureWarm(workloadId, Number(arg) || 20);
    return { ok: true, innerMs: extra.medianMs ?? 0, maxRssMB: maxRssMB(), extra };
  }
  const workload = workloadById(workloadId);
  if (!workload) throw new Error(`unknown workload '${workloadId}'`);
  if (!isSizeLabel(arg)) throw new Error(`unknown size '${arg}': expected 1M, 10M or 30M`);
  return runWorkload(engine, workload, inputPaths(workload, arg), outputPath(workload.id, arg, engine));
}

try {
  writeReport(await main(process.argv.slice(2)));
} catch (err) {
  writeReport({ ok: false, error: describeError(err), maxRssMB: maxRssMB() });
  process.exitCode = 1;
}
