// glibc's malloc keeps memory a run has freed (docs/memory.md, "Process memory"): each worker
// thread allocates its Arrow buffers from an arena of its own, and after a big buffer is freed
// the size above which buffers get a mapping of their own (given back to the OS when freed) rises
// to as much as 32 MB, so later buffers land in the arenas, where freed memory stays with the
// process, fragmented. On the scale bench's sort (10M rows, 256 MB budget) that was about a fifth
// of the peak RSS. glibc reads its settings when a process starts, so the commands that run
// pipelines replace their process with the same command line and the settings (process.execve:
// same pid, same streams, signals and exit code as before): a fixed threshold of 128 KB (bigger
// buffers are mapped, and unmapped when freed) and two arenas. Not on other systems (their
// allocators ignore the variables), not on a Node without process.execve, not when the user set
// either variable (or GLIBC_TUNABLES for malloc), not with TRIBUTARY_MALLOC_TUNING=off.
// And only where the settings were measured to pay (docs/memory.md, "Process memory"): a run with
// a memory budget of its own (`--memory`, or the document's settings.memoryBudgetMB), or a machine
// of at most MALLOC_TUNING_MAX_CORES cores; and a run big enough to use the worker pool. On 16
// cores the settings made the bench's skewed join a quarter slower (every big buffer mapped and
// unmapped by 16 threads at once, two arenas between them), while a run without a budget of its
// own has half the machine's memory to use.

import { dirname, resolve } from 'node:path';

export const MALLOC_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' };

type Execve = (file: string, args: readonly string[], env: Readonly<Record<string, string | undefined>>) => never;

/** Up to this many cores the settings cost no measurable time (2 cores: W2 2.28 s untuned, 2.26 s tuned). */
export const MALLOC_TUNING_MAX_CORES = 4;

/** What the decision reads of the run: the machine's cores, whether the run has a memory budget
 *  of its own, and whether it will likely use the worker pool (a run in this thread alone holds
 *  little, and the restart would cost it a second Node start-up, about 40 ms). */
export interface MallocTuningRun {
  readonly cores: number;
  readonly budgetGiven: boolean;
  readonly pooled: boolean;
}

/** Whether this process should start again with MALLOC_ENV. */
export function mallocTuningWanted(run: MallocTuningRun, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'linux' || env['TRIBUTARY_MALLOC_TUNING'] === 'off') return false;
  if (Object.keys(MALLOC_ENV).some((k) => env[k] !== undefined)) return false;
  if (!run.pooled) return false;
  if (run.cores > MALLOC_TUNING_MAX_CORES && !run.budgetGiven) return false;
  return !(env['GLIBC_TUNABLES'] ?? '').includes('glibc.malloc.');
}

/** The options of `run` and `preview` followed by a value (which is not the pipeline file). */
const VALUE_OPTIONS = new Set(['--partitions', '--memory', '--on', '--master', '--node', '--limit', '--format']);

/** What `tributary run|preview ARGS` is about to do, as far as the decision needs it: the budget
 *  from `--memory` or the pipeline file's settings.memoryBudgetMB, and `pooled(document, its
 *  folder)` (prestart.ts's guess from the sources' sizes). A file that cannot be read or parsed
 *  counts as a small run without a budget: the command reports what is wrong with it. */
export function describeRun(
  args: readonly string[], cores: number, readFile: (path: string) => string,
  pooled: (doc: unknown, baseDir: string) => boolean,
): MallocTuningRun {
  const file = args.find((a, i) => !a.startsWith('-') && !(i > 0 && VALUE_OPTIONS.has(args[i - 1]!)));
  const doc = file === undefined ? null : parsed(file, readFile);
  return {
    cores,
    budgetGiven: args.includes('--memory') || typeof doc?.settings?.memoryBudgetMB === 'number',
    pooled: file !== undefined && doc !== null && pooled(doc, dirname(resolve(file))),
  };
}

function parsed(file: string, readFile: (path: string) => string): { settings?: { memoryBudgetMB?: unknown } } | null {
  try {
    return JSON.parse(readFile(file)) as { settings?: { memoryBudgetMB?: unknown } } | null;
  } catch {
    return null;
  }
}

/** The main thread's young generation as the pool's workers have it (pool.ts, semi-spaces of 8 MB).
 *  V8 sizes it by the machine's memory otherwise: the 100M-row sort's main thread, writing the
 *  Parquet file at the end, held a 145 MB heap for 15-17 MB in use (docs/memory.md). */
export const BUDGET_V8_FLAGS: readonly string[] = ['--max-semi-space-size=8'];

/** The V8 flags a restart adds: BUDGET_V8_FLAGS for a run with a budget of its own, unless the
 *  user set the young generation's size already (on the command line or in NODE_OPTIONS). */
export function restartV8Flags(run: MallocTuningRun, execArgv: readonly string[] = process.execArgv, nodeOptions = process.env['NODE_OPTIONS'] ?? ''): readonly string[] {
  if (!run.budgetGiven) return [];
  return [...execArgv, nodeOptions].some((a) => /--max-semi-space-size|--semi-space-growth/.test(a)) ? [] : BUDGET_V8_FLAGS;
}

/** Replaces this process with the same command line (and `v8Flags` before the script) and
 *  MALLOC_ENV set; returns (and the command runs in this process as it is) where that cannot be done. */
export function restartWithMallocTuning(v8Flags: readonly string[] = []): void {
  const execve = (process as unknown as { execve?: Execve }).execve;
  if (typeof execve !== 'function') return;
  try {
    execve.call(process, process.execPath, [process.execPath, ...process.execArgv, ...v8Flags, ...process.argv.slice(1)], { ...process.env, ...MALLOC_ENV });
  } catch {
    // Not replaced (no permission to execute, say): run untuned rather than not at all.
  }
}
