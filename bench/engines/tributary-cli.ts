// Tributary as users run it: the bench writes the workload's pipeline file (sources at the asked
// size, sink under bench/data/out/, both absolute) and times `tributary run FILE --json` as a
// whole process: the bundled command line (out/main/cli.js, what `npm run build` ships) or,
// with --from-source, main/cli.ts. Its runs are recorded in a run store of the bench's own
// (TRIBUTARY_HOME=bench/data/tributary-home), as a user's are in theirs.

import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelineDocument } from '../../engine/document/document-types.ts';
import type { StageSummary } from '../../engine/exec/events.ts';
import { DATA_DIR } from '../sizes.ts';
import { loadPipeline, withPaths } from './tributary.ts';

export const CLI = { bundled: 'out/main/cli.js', source: 'main/cli.ts' } as const;
export const BENCH_HOME = join(DATA_DIR, 'tributary-home');
const PIPELINE_FILES = join(DATA_DIR, 'pipelines');

/** Builds the command line as shipped (`npm run build` -> out/main/cli.js) unless measuring the source. */
export function buildShipped(build: keyof typeof CLI): void {
  if (build !== 'bundled') {
    console.log('Tributary: from its TypeScript source (node main/cli.ts; --from-source)');
    return;
  }
  console.log('Tributary: its command line as shipped (npm run build -> out/main/cli.js) ...');
  const built = spawnSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error('npm run build failed: fix the build, or measure with --from-source');
}

/** The environment of a `tributary` child: its own run store. */
export function cliEnv(): Record<string, string> {
  mkdirSync(BENCH_HOME, { recursive: true });
  return { TRIBUTARY_HOME: BENCH_HOME };
}

/**
 * Writes `name`.json under bench/data/pipelines/: the pipeline `file` of bench/pipelines/ with
 * the given nodes' paths replaced and `settings` merged in; returns its path.
 */
export function writePipelineFile(
  file: string, name: string, paths: Readonly<Record<string, string>>, settings: PipelineDocument['settings'] = {},
): string {
  const base = withPaths(loadPipeline(file), paths);
  const doc: PipelineDocument = { ...base, settings: { ...base.settings, ...settings } };
  mkdirSync(PIPELINE_FILES, { recursive: true });
  const out = join(PIPELINE_FILES, `${name}.json`);
  writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
  return out;
}

/** The arguments (after `node`) of `tributary run FILE --json [...extra]`. */
export function runArgs(build: keyof typeof CLI, pipelineFile: string, extra: readonly string[] = []): string[] {
  return [CLI[build], 'run', pipelineFile, '--json', ...extra];
}

export interface CliRunOutcome {
  readonly ok: boolean;
  readonly error?: string;
  readonly durationMs?: number;
  readonly outputPath?: string;
  /** Bytes the run spilled to disk, when its --json result reports them. */
  readonly spilledBytes?: number;
  /** The skewed stage's slowest task and its median task, when a stage was skewed. */
  readonly skewedStage?: SkewedStageTimes;
}

export interface SkewedStageTimes {
  readonly stageId: number;
  readonly slowestMs: number;
  readonly medianMs: number;
}

/** The part of a stage summary (engine/exec/events.ts) the bench reads. */
type StageTimes = Pick<StageSummary, 'stageId' | 'rows' | 'durationMs' | 'skewed'>;

/**
 * The tasks' times of the run's skewed stage (the one with the most rows in a partition, if
 * several): what a skew mitigation should shorten, whatever happened to the rest of the run.
 * Read from the --json result's stage summaries; undefined when no stage was skewed.
 */
export function skewedStageOf(result: { readonly stages?: readonly StageTimes[]; readonly [field: string]: unknown }): SkewedStageTimes | undefined {
  const worst = (result.stages ?? []).filter((st) => st.skewed)
    .reduce<StageTimes | undefined>((a, st) => (a && a.rows.max >= st.rows.max ? a : st), undefined);
  return worst && { stageId: worst.stageId, slowestMs: worst.durationMs.max, medianMs: worst.durationMs.median };
}

function numberField(value: unknown, field: string): number | undefined {
  const v = (value as Record<string, unknown> | null)?.[field];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * Spilled bytes from a run's --json result: a top-level `spilledBytes`, else the sum over its
 * stages', else over its nodes'; undefined when no part of the result reports any.
 */
export function spilledBytesOf(result: unknown): number | undefined {
  const top = numberField(result, 'spilledBytes');
  if (top !== undefined) return top;
  for (const list of ['stages', 'nodes']) {
    const items = (result as Record<string, unknown> | null)?.[list];
    if (!Array.isArray(items)) continue;
    const found = items.map((i) => numberField(i, 'spilledBytes')).filter((n) => n !== undefined);
    if (found.length > 0) return found.reduce((a, b) => a + b, 0);
  }
  return undefined;
}

/** Reads `tributary run --json`'s stdout and exit code as the bench's outcome of the run. */
export function parseRunOutput(stdout: string, exitCode: number | null, stderr: string): CliRunOutcome {
  const start = stdout.indexOf('{');
  let result: { status?: string; durationMs?: number; outputs?: { path: string }[]; error?: { nodeId?: string; message: string }; stages?: StageTimes[] };
  try {
    result = JSON.parse(stdout.slice(start)) as typeof result;
  } catch {
    return { ok: false, error: `exit code ${exitCode}, no --json result\n${(stderr || stdout).trim().split('\n').slice(-15).join('\n')}` };
  }
  if (result.status !== 'COMPLETED' || exitCode !== 0) {
    const where = result.error?.nodeId ? ` at node '${result.error.nodeId}'` : '';
    return { ok: false, error: `run ${result.status ?? '(no status)'}${where} (exit code ${exitCode}): ${result.error?.message ?? stderr.trim()}` };
  }
  const spilled = spilledBytesOf(result);
  const skewed = skewedStageOf(result);
  return {
    ok: true, durationMs: result.durationMs, outputPath: result.outputs?.[0]?.path,
    ...(spilled !== undefined ? { spilledBytes: spilled } : {}),
    ...(skewed ? { skewedStage: skewed } : {}),
  };
}
