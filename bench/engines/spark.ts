// Spark local[2] as a bench engine (issue 13), when pyspark and a JDK are installed: the
// workload's pipeline exported by `tributary export --to pyspark` and run as users would run it,
// `python3 JOB.py --master local[2] --<node> PATH ...`, a whole process (the Python driver and
// the JVM it starts, their memory summed from /proc); and warm (bench/spark/warm.py: one session
// kept, the job's build() repeated). Without pyspark the engine is skipped with the reason.

import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnTimed } from '../child.ts';
import type { BenchOptions } from '../options.ts';
import { BENCH_DIR, DATA_DIR, inputPaths, outputPath, type SizeLabel } from '../sizes.ts';
import type { Workload } from '../workloads/index.ts';
import { PIPELINES_DIR } from './tributary.ts';

export const SPARK_MASTER = 'local[2]';
/** The workloads issue 13 and 14 compare on Spark. */
export const SPARK_WORKLOADS = ['W1', 'W2', 'W5', 'W6'];
const PYTHON = process.env['PYTHON'] ?? 'python3';
const JOBS_DIR = join(DATA_DIR, 'spark');
const WARM_DRIVER = join(BENCH_DIR, 'spark', 'warm.py');

let missing: string | undefined | null = null;

/** Why Spark cannot run here (no pyspark, no java), or undefined when it can; asked once. */
export function sparkMissing(): string | undefined {
  if (missing !== null) return missing;
  const py = spawnSync(PYTHON, ['-c', 'import pyspark; print(pyspark.__version__)'], { encoding: 'utf8' });
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  missing = py.status !== 0 ? `not run: pyspark is not installed for ${PYTHON} (pip install pyspark)`
    : java.status !== 0 ? 'not run: no java on PATH (pyspark needs a JDK 17 or later)'
      : undefined;
  return missing;
}

export function sparkUnavailable(workload: Workload): string | undefined {
  if (!SPARK_WORKLOADS.includes(workload.id)) return `not run: Spark runs ${SPARK_WORKLOADS.join(', ')}`;
  return sparkMissing();
}

export function sparkEnv(): Record<string, string> {
  return {
    SPARK_LOCAL_IP: process.env['SPARK_LOCAL_IP'] ?? '127.0.0.1',
    PYSPARK_SUBMIT_ARGS: '--conf spark.ui.showConsoleProgress=false pyspark-shell',
  };
}

const exported = new Map<string, string>();

/** The workload's pipeline as a PySpark job (bench/data/spark/ID.py), exported once per bench run. */
export function sparkJob(workload: Workload): string {
  const known = exported.get(workload.id);
  if (known) return known;
  mkdirSync(JOBS_DIR, { recursive: true });
  const job = join(JOBS_DIR, `${workload.id}.py`);
  const r = spawnSync(process.execPath, ['main/cli.ts', 'export', join(PIPELINES_DIR, workload.pipeline), '--to', 'pyspark', '-o', job],
    { cwd: join(BENCH_DIR, '..'), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tributary export --to pyspark ${workload.pipeline} failed:\n${r.stderr || r.stdout}`);
  exported.set(workload.id, job);
  return job;
}

/** The job's arguments: master, every source's input file and the sink's output file. */
export function sparkJobArgs(workload: Workload, size: SizeLabel, output: string): string[] {
  const paths = inputPaths(workload, size);
  return [
    '--master', SPARK_MASTER,
    ...Object.entries(workload.sourceNodes).flatMap(([node, input]) => [`--${node}`, paths[input]]),
    `--${workload.sinkNode}`, output,
  ];
}

/** One whole-process run of the exported job. */
export async function runSparkOnce(workload: Workload, size: SizeLabel, options: BenchOptions): Promise<{
  failure?: string; wallMs: number; rssMB?: number; outputPath?: string;
}> {
  const output = outputPath(workload.id, size, 'spark');
  rmSync(output, { force: true });
  const run = await spawnTimed([sparkJob(workload), ...sparkJobArgs(workload, size, output)], options.timeoutSec * 1000,
    { program: PYTHON, env: sparkEnv(), treeRss: true });
  if (run.killed || run.exitCode !== 0) {
    const tail = run.stderr.trimEnd().split('\n').slice(-15).join('\n');
    return { failure: `${run.killed ?? `exit code ${run.exitCode ?? run.signal}`}\n${tail}`, wallMs: run.wallMs };
  }
  return { wallMs: run.wallMs, rssMB: run.treeRssMB, outputPath: output };
}

/** The warm case: `reps` runs of the job in one kept session, after one first run. */
export async function runSparkWarm(workload: Workload, size: SizeLabel, reps: number, timeoutSec: number): Promise<
  { firstMs: number; medianMs: number } | { failure: string }
> {
  const output = outputPath(workload.id, size, 'spark-warm');
  const run = await spawnTimed([WARM_DRIVER, sparkJob(workload), String(reps), ...sparkJobArgs(workload, size, output)],
    timeoutSec * 1000, { program: PYTHON, env: sparkEnv() });
  const line = run.stdout.split('\n').find((l) => l.startsWith('BENCH-WARM '));
  if (run.killed || run.exitCode !== 0 || !line) {
    return { failure: `${run.killed ?? `exit code ${run.exitCode ?? run.signal}`}\n${run.stderr.trimEnd().split('\n').slice(-15).join('\n')}` };
  }
  return JSON.parse(line.slice('BENCH-WARM '.length)) as { firstMs: number; medianMs: number };
}
