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

export const MALLOC_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' };

type Execve = (file: string, args: readonly string[], env: Readonly<Record<string, string | undefined>>) => never;

/** Whether this process should start again with MALLOC_ENV. */
export function mallocTuningWanted(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'linux' || env['TRIBUTARY_MALLOC_TUNING'] === 'off') return false;
  if (Object.keys(MALLOC_ENV).some((k) => env[k] !== undefined)) return false;
  return !(env['GLIBC_TUNABLES'] ?? '').includes('glibc.malloc.');
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
