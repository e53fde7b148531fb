// The bench's child runner (bench/child.ts): a real child measured by /usr/bin/time, and a
// child over its time limit killed together with the processes it started.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { spawnTimed } from '../../bench/child.ts';
import { timeAvailable } from '../../bench/rusage.ts';

/** Running, not gone and not a zombie waiting for whoever adopted it to reap it. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe('spawnTimed', () => {
  it.runIf(timeAvailable())('reports the peak memory and CPU time of a child that holds 150 MB', async () => {
    const run = await spawnTimed(['-e', 'const b = Buffer.alloc(150 * 1024 * 1024, 1); console.log(b[3]);'], 60_000);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trim()).toBe('1');
    expect(run.usage!.maxRssMB).toBeGreaterThan(150);
    expect(run.usage!.userS + run.usage!.sysS).toBeGreaterThan(0);
    expect(run.killed).toBeUndefined();
  });

  it.runIf(process.platform === 'linux')('kills a child over its limit and the process it started', async () => {
    // The shell starts a grandchild, prints its pid, and waits on it: only a kill of the group ends both.
    const run = await spawnTimed(['-c', 'sleep 300 & echo $!; wait'], 1_000, { program: '/bin/sh' });
    expect(run.killed).toBe('killed after the 1 s time limit');
    const grandchild = Number(run.stdout.trim());
    expect(grandchild).toBeGreaterThan(1);
    expect(alive(grandchild)).toBe(false);
  });

  it.runIf(process.platform === 'linux')('sums the memory of a process tree when asked', async () => {
    const hold = 'const b = Buffer.alloc(120 * 1024 * 1024, 1); setTimeout(() => console.log(b[1]), 1500);';
    const run = await spawnTimed(['-c', `"${process.execPath}" -e '${hold}' & "${process.execPath}" -e '${hold}' & wait`], 60_000,
      { program: '/bin/sh', treeRss: true });
    expect(run.exitCode).toBe(0);
    // Two processes of 120+ MB each: the tree's peak is their sum, above what either holds alone.
    expect(run.treeRssMB!).toBeGreaterThan(240);
  });
});
