// The command line's restart with glibc's malloc tuned: when it restarts, and that the restarted
// command is the same process (same pid: signals and exit codes as before) with the settings.

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BUDGET_V8_FLAGS, MALLOC_ENV, MALLOC_TUNING_MAX_CORES, describeRun, mallocTuningWanted, restartV8Flags } from './malloc-tuning.ts';

const tuning = new URL('./malloc-tuning.ts', import.meta.url).pathname;

describe('malloc tuning', () => {
  const few = { cores: 2, budgetGiven: false, pooled: true };

  it('restarts on Linux unless the user set malloc up or turned it off', () => {
    expect(mallocTuningWanted(few, {}, 'linux')).toBe(true);
    expect(mallocTuningWanted(few, {}, 'darwin')).toBe(false);
    expect(mallocTuningWanted(few, {}, 'win32')).toBe(false);
    expect(mallocTuningWanted(few, { MALLOC_ARENA_MAX: '4' }, 'linux')).toBe(false);
    expect(mallocTuningWanted(few, { MALLOC_MMAP_THRESHOLD_: '65536' }, 'linux')).toBe(false);
    expect(mallocTuningWanted(few, { GLIBC_TUNABLES: 'glibc.malloc.arena_max=1' }, 'linux')).toBe(false);
    expect(mallocTuningWanted(few, { GLIBC_TUNABLES: 'glibc.pthread.rseq=0' }, 'linux')).toBe(true);
    expect(mallocTuningWanted(few, { TRIBUTARY_MALLOC_TUNING: 'off' }, 'linux')).toBe(false);
  });

  it('on a machine of many cores, only for a run with a memory budget of its own', () => {
    const many = MALLOC_TUNING_MAX_CORES + 1;
    expect(mallocTuningWanted({ cores: MALLOC_TUNING_MAX_CORES, budgetGiven: false, pooled: true }, {}, 'linux')).toBe(true);
    expect(mallocTuningWanted({ cores: many, budgetGiven: false, pooled: true }, {}, 'linux')).toBe(false);
    expect(mallocTuningWanted({ cores: many, budgetGiven: true, pooled: true }, {}, 'linux')).toBe(true);
    expect(mallocTuningWanted({ cores: many, budgetGiven: true, pooled: true }, { TRIBUTARY_MALLOC_TUNING: 'off' }, 'linux')).toBe(false);
  });

  it('not for a run small enough to stay in the main thread, budget or not', () => {
    expect(mallocTuningWanted({ cores: 2, budgetGiven: false, pooled: false }, {}, 'linux')).toBe(false);
    expect(mallocTuningWanted({ cores: 2, budgetGiven: true, pooled: false }, {}, 'linux')).toBe(false);
  });

  it('reads the budget from --memory or from the pipeline file named on the command line, and asks whether it is big', () => {
    const files: Record<string, string> = {
      '/p/budget.json': JSON.stringify({ version: 1, settings: { memoryBudgetMB: 256 }, nodes: [], edges: [] }),
      '/p/plain.json': JSON.stringify({ version: 1, settings: { partitions: 4 }, nodes: [], edges: [] }),
      '/p/broken.json': '{ not json',
      '/p/8': JSON.stringify({ settings: { memoryBudgetMB: 1 } }),
    };
    const read = (f: string): string => {
      const text = files[f];
      if (text === undefined) throw new Error(`ENOENT: ${f}`);
      return text;
    };
    const asked: [unknown, string][] = [];
    const big = (doc: unknown, dir: string): boolean => { asked.push([doc, dir]); return true; };
    const run = (args: string[]) => describeRun(args, 8, read, big);
    expect(run(['/p/plain.json', '--memory', '1GB'])).toEqual({ cores: 8, budgetGiven: true, pooled: true });
    expect(asked.at(-1)).toEqual([JSON.parse(files['/p/plain.json']!), '/p']);
    expect(run(['/p/budget.json']).budgetGiven).toBe(true);
    expect(run(['/p/plain.json', '--json']).budgetGiven).toBe(false);
    // An option's value is not the pipeline file: '/p/8' is --partitions' value.
    expect(run(['--partitions', '/p/8', '/p/plain.json']).budgetGiven).toBe(false);
    expect(run(['--partitions', '8', '/p/budget.json']).budgetGiven).toBe(true);
    expect(run(['/p/broken.json'])).toEqual({ cores: 8, budgetGiven: false, pooled: false });
    expect(run(['/p/missing.json'])).toEqual({ cores: 8, budgetGiven: false, pooled: false });
    expect(run([])).toEqual({ cores: 8, budgetGiven: false, pooled: false });
  });

  it('a run with a budget of its own restarts with the workers\' young generation, unless the user sized it', () => {
    const budget = { cores: 2, budgetGiven: true, pooled: true };
    expect(restartV8Flags(budget, [], '')).toEqual(BUDGET_V8_FLAGS);
    expect(restartV8Flags({ ...budget, budgetGiven: false }, [], '')).toEqual([]);
    expect(restartV8Flags(budget, ['--max-semi-space-size=64'], '')).toEqual([]);
    expect(restartV8Flags(budget, [], '--max-old-space-size=4096 --max-semi-space-size=2')).toEqual([]);
    expect(restartV8Flags(budget, ['--max-old-space-size=4096'], '--enable-source-maps')).toEqual(BUDGET_V8_FLAGS);
  });

  it.runIf(process.platform === 'linux')('the restarted process is the same process, with the settings, and ends as it does', () => {
    // A script that prints its pid, the settings and its V8 flags, restarts itself once, and exits with code 3.
    const script = `import { restartWithMallocTuning } from ${JSON.stringify(tuning)};
      console.log(JSON.stringify({ pid: process.pid, arena: process.env.MALLOC_ARENA_MAX ?? null, mmap: process.env.MALLOC_MMAP_THRESHOLD_ ?? null, flags: process.execArgv.filter((a) => a.startsWith('--max-semi')) }));
      if (!process.env.MALLOC_ARENA_MAX) restartWithMallocTuning(${JSON.stringify(BUDGET_V8_FLAGS)});
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
    const [before, after] = out.trim().split('\n').map((l) => JSON.parse(l) as { pid: number; arena: string | null; mmap: string | null; flags: string[] });
    expect(before).toMatchObject({ arena: null, mmap: null, flags: [] });
    expect(after).toEqual({ pid: before!.pid, arena: MALLOC_ENV['MALLOC_ARENA_MAX'], mmap: MALLOC_ENV['MALLOC_MMAP_THRESHOLD_'], flags: BUDGET_V8_FLAGS });
  });
});
