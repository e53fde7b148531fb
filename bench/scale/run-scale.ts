// `npm run bench -- --suite scale`: each case at each memory budget on DuckDB (memory_limit =
// the budget, its own temp_directory) and Tributary (settings.memoryBudgetMB = the budget, and
// --memory when the command line has it), one fresh process each, under a wall-clock cap.
// Figures: wall time; peak RSS from /usr/bin/time -v (both engines are one process, all threads
// counted, exact rather than sampled); spilled bytes as the peak size of the engine's temp folder
// (sampled; Tributary's $TMPDIR, where it spills) and as Tributary's --json reports them; whether
// the answers are equal (checked inside DuckDB, compare.ts and check-sorted.ts).

import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnTimed } from '../child.ts';
import { diffParquetFiles } from '../compare.ts';
import { sampleDirBytes } from '../dir-size.ts';
import { buildShipped, CLI, cliEnv, parseRunOutput, runArgs, writePipelineFile } from '../engines/tributary-cli.ts';
import { ensureScaleEvents } from '../generate.ts';
import { BENCH_DIR, DATA_DIR, OUT_DIR, usersParquet } from '../sizes.ts';
import { memoryLabel, rowsLabel } from '../units.ts';
import { SCALE_CASES, type ScaleCase, type ScalePaths } from './cases.ts';
import { checkSorted } from './check-sorted.ts';
import { parseScaleOptions, type ScaleEngine, type ScaleOptions } from './options.ts';
import { printScale, type ScaleRow } from './scale-table.ts';

const TEMP_ROOT = join(DATA_DIR, 'scale-tmp');

/** Whether `tributary run` takes --memory (another change adds it; the document setting works without). */
function cliHasMemoryFlag(build: ScaleOptions['tributaryBuild']): boolean {
  const r = spawnSync(process.execPath, [CLI[build], 'run', '--help'], { cwd: join(BENCH_DIR, '..'), encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`.includes('--memory');
}

interface EngineRun { row: ScaleRow; output?: string }

async function runEngine(
  engine: ScaleEngine, c: ScaleCase, paths: ScalePaths, budgetMB: number, options: ScaleOptions, memoryFlag: boolean,
): Promise<EngineRun> {
  const label = `${c.id}-${rowsLabel(options.rows)}-${memoryLabel(budgetMB)}`;
  const output = join(OUT_DIR, `scale-${label}-${engine}.parquet`);
  const temp = join(TEMP_ROOT, engine);
  rmSync(output, { force: true });
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  const row: ScaleRow = { case: c.id, rows: options.rows, budgetMB, engine };
  let args: string[];
  let env: Record<string, string> = {};
  if (engine === 'tributary') {
    const file = writePipelineFile(c.pipeline, `scale-${label}`, {
      ...Object.fromEntries(Object.entries(c.sourceNodes).map(([node, input]) => [node, paths[input]])),
      [c.sinkNode]: output,
    }, { memoryBudgetMB: budgetMB });
    args = runArgs(options.tributaryBuild, file, memoryFlag ? ['--memory', `${budgetMB}MB`] : []);
    env = { ...cliEnv(), TMPDIR: temp };
  } else {
    args = ['bench/scale/duckdb-child.ts', c.id, paths.events, paths.users, output, String(budgetMB), temp];
  }
  process.stdout.write(`  ${c.id} ${rowsLabel(options.rows)} ${memoryLabel(budgetMB)} ${engine} ... `);
  const disk = sampleDirBytes(temp);
  const run = await spawnTimed(args, options.timeoutSec * 1000, { env });
  row.diskPeakBytes = disk.stop();
  rmSync(temp, { recursive: true, force: true });
  row.wallS = run.wallMs / 1000;
  row.rssMB = run.usage?.maxRssMB;
  // A process the kernel killed (the OOM killer sends signal 9) says so first.
  const signal = run.usage?.signal ? `killed by signal ${run.usage.signal}${run.usage.signal === 9 ? ' (out of memory?)' : ''}: ` : '';
  if (run.killed) row.failure = run.killed;
  else if (engine === 'tributary') {
    const outcome = parseRunOutput(run.stdout, run.exitCode, run.stderr);
    if (!outcome.ok) row.failure = `${signal}${outcome.error}`;
    else if (outcome.spilledBytes !== undefined) row.reportedSpillBytes = outcome.spilledBytes;
  } else if (run.exitCode !== 0) {
    row.failure = `${signal}exit code ${run.exitCode}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`;
  }
  console.log(row.failure ? `FAILED: ${row.failure.split('\n')[0]}` : `${row.wallS.toFixed(1)} s, ${row.rssMB?.toFixed(0) ?? '?'} MB`);
  return { row, ...(row.failure ? {} : { output }) };
}

/** Checks the answers of one case at one budget; fills each row's `answer`. */
async function checkAnswers(c: ScaleCase, paths: ScalePaths, runs: readonly EngineRun[]): Promise<void> {
  if (c.check === 'sorted') {
    for (const r of runs) {
      if (!r.output) continue;
      const problems = await checkSorted(paths.events, r.output, c.sortColumn!);
      r.row.answer = problems.length === 0 ? 'equal' : `WRONG: ${problems.join('; ')}`;
    }
    return;
  }
  const [reference, ...others] = runs.filter((r) => r.output);
  if (!reference) return;
  if (others.length === 0) reference.row.answer = 'unchecked (no other engine finished)';
  for (const r of others) {
    const diff = await diffParquetFiles(reference.output!, r.output!);
    const verdict = diff.length === 0 ? 'equal' : `WRONG vs ${reference.row.engine}: ${diff.join(' ')}`;
    r.row.answer = verdict;
    reference.row.answer = diff.length === 0 ? 'equal' : 'reference';
  }
}

export async function runScale(argv: readonly string[]): Promise<number> {
  const options = parseScaleOptions(argv);
  const events = join(DATA_DIR, `events-scale-${rowsLabel(options.rows)}.parquet`);
  console.log('Data (bench/data/):');
  await ensureScaleEvents(options.rows, events);
  const paths: ScalePaths = { events, users: usersParquet() };
  mkdirSync(OUT_DIR, { recursive: true });
  let memoryFlag = false;
  if (options.engines.includes('tributary')) {
    buildShipped(options.tributaryBuild);
    memoryFlag = cliHasMemoryFlag(options.tributaryBuild);
    console.log(`Tributary's budget: settings.memoryBudgetMB in the pipeline file${memoryFlag ? ' and --memory SIZE' : ' (this build has no --memory flag)'}`);
  }
  const rows: ScaleRow[] = [];
  console.log(`Runs (one fresh process per case, budget and engine; cap ${options.timeoutSec} s each):`);
  for (const c of SCALE_CASES.filter((s) => options.cases.includes(s.id))) {
    for (const budgetMB of options.budgetsMB) {
      const runs: EngineRun[] = [];
      for (const engine of options.engines) runs.push(await runEngine(engine, c, paths, budgetMB, options, memoryFlag));
      await checkAnswers(c, paths, runs);
      for (const r of runs) {
        rows.push(r.row);
        if (r.output) rmSync(r.output, { force: true }); // a 100M-row sort output is gigabytes
      }
    }
  }
  const file = join(DATA_DIR, 'scale-latest.json');
  writeFileSync(file, `${JSON.stringify({ command: ['npm run bench --', ...argv].join(' '), startedAt: new Date().toISOString(), rows }, null, 2)}\n`);
  const problems = printScale(rows);
  console.log(`\nFigures written to ${file}`);
  return problems > 0 ? 1 : 0;
}
