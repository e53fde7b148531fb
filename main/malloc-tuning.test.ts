// The command line's restart with glibc's malloc tuned: when it restarts, and that the restarted
// command is the same process (same pid: signals and exit codes as before) with the settings.

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MALLOC_ENV, mallocTuningWanted } from './malloc-tuning.ts';

const tuning = new URL('./malloc-tuning.ts', import.meta.url).pathname;

describe('malloc tuning', () => {
  it('restarts on Linux unless the user set malloc up or turned it off', () => {
    expect(mallocTuningWanted({}, 'linux')).toBe(true);
    expect(mallocTuningWanted({}, 'darwin')).toBe(false);
    expect(mallocTuningWanted({}, 'win32')).toBe(false);
    expect(mallocTuningWanted({ MALLOC_ARENA_MAX: '4' }, 'linux')).toBe(false);
    expect(mallocTuningWanted({ MALLOC_MMAP_THRESHOLD_: '65536' }, 'linux')).toBe(false);
    expect(mallocTuningWanted({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=1' }, 'linux')).toBe(false);
    expect(mallocTuningWanted({ GLIBC_TUNABLES: 'glibc.pthread.rseq=0' }, 'linux')).toBe(true);
    expect(mallocTuningWanted({ TRIBUTARY_MALLOC_TUNING: 'off' }, 'linux')).toBe(false);
  });

  it.runIf(process.platform === 'linux')('the restarted process is the same process, with the settings, and ends as it does', () => {
    // A script that prints its pid and the settings, restarts itself once, and exits with code 3.
    const script = `import { restartWithMallocTuning } from ${JSON.stringify(tuning)};
      console.log(JSON.stringify({ pid: process.pid, arena: process.env.MALLOC_ARENA_MAX ?? null, mmap: process.env.MALLOC_MMAP_THRESHOLD_ ?? null }));
      if (!process.env.MALLOC_ARENA_MAX) restartWithMallocTuning();
      process.exit(3);`;
    const env = { ...process.env };
    for (const k of Object.keys(MALLOC_ENV)) delete env[k];
    let out = '';
    try {
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
    } catch (e) {
      expect((e as { status: number }).status).toBe(3);
      out = (e as { stdout: string }).stdout;
    }
    const [before, after] = out.trim().split('\n').map((l) => JSON.parse(l) as { pid: number; arena: string | null; mmap: string | null });
    expect(before).toMatchObject({ arena: null, mmap: null });
    expect(after).toEqual({ pid: before!.pid, arena: MALLOC_ENV['MALLOC_ARENA_MAX'], mmap: MALLOC_ENV['MALLOC_MMAP_THRESHOLD_'] });
  });
});
