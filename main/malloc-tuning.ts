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
// of at most MALLOC_TUNING_MAX_CORES cores. On 16 cores the settings made the bench's skewed join
// a quarter slower (every big buffer mapped and unmapped by 16 threads at once, two arenas
// between them), while a run without a budget of its own has half the machine's memory to use.

export const MALLOC_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' };

type Execve = (file: string, args: readonly string[], env: Readonly<Record<string, string | undefined>>) => never;

/** Up to this many cores the settings cost no measurable time (2 cores: W2 2.28 s untuned, 2.26 s tuned). */
export const MALLOC_TUNING_MAX_CORES = 4;

/** What the decision reads of the run: the machine's cores, and whether the run has a memory budget of its own. */
export interface MallocTuningRun {
  readonly cores: number;
  readonly budgetGiven: boolean;
}

/** Whether this process should start again with MALLOC_ENV. */
export function mallocTuningWanted(run: MallocTuningRun, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'linux' || env['TRIBUTARY_MALLOC_TUNING'] === 'off') return false;
  if (Object.keys(MALLOC_ENV).some((k) => env[k] !== undefined)) return false;
  if (run.cores > MALLOC_TUNING_MAX_CORES && !run.budgetGiven) return false;
  return !(env['GLIBC_TUNABLES'] ?? '').includes('glibc.malloc.');
}

/** The options of `run` and `preview` followed by a value (which is not the pipeline file). */
const VALUE_OPTIONS = new Set(['--partitions', '--memory', '--on', '--master', '--node', '--limit', '--format']);

/** Whether `tributary run|preview ARGS` asks for a memory budget: `--memory`, or a pipeline file
 *  whose settings carry memoryBudgetMB (a file that cannot be read or parsed: no, the command
 *  reports it). */
export function budgetGiven(args: readonly string[], readFile: (path: string) => string): boolean {
  if (args.includes('--memory')) return true;
  const file = args.find((a, i) => !a.startsWith('-') && !(i > 0 && VALUE_OPTIONS.has(args[i - 1]!)));
  if (!file) return false;
  try {
    const doc = JSON.parse(readFile(file)) as { settings?: { memoryBudgetMB?: unknown } } | null;
    return typeof doc?.settings?.memoryBudgetMB === 'number';
  } catch {
    return false;
  }
}

/** Replaces this process with the same command line and MALLOC_ENV set; returns (and the command
 *  runs in this process as it is) where that cannot be done. */
export function restartWithMallocTuning(): void {
  const execve = (process as unknown as { execve?: Execve }).execve;
  if (typeof execve !== 'function') return;
  try {
    execve.call(process, process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], { ...process.env, ...MALLOC_ENV });
  } catch {
    // Not replaced (no permission to execute, say): run untuned rather than not at all.
  }
}
