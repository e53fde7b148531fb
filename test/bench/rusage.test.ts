// The bench's whole-process figures: GNU time's -v report read back (bench/rusage.ts), checked
// against a real /usr/bin/time run of a process of known size, and the /proc parsing used to
// sum a process tree's memory (bench/proc-tree.ts).

import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseClock, parseTimeVerbose, timeAvailable, timedCommand } from '../../bench/rusage.ts';
import { parentPid, sampleTreeRss, vmRssKB } from '../../bench/proc-tree.ts';

const REPORT = `\tCommand being timed: "node out/main/cli.js run a: b.json"
\tUser time (seconds): 1.52
\tSystem time (seconds): 0.31
\tPercent of CPU this job got: 160%
\tElapsed (wall clock) time (h:mm:ss or m:ss): 1:02.50
\tMaximum resident set size (kbytes): 262144
\tExit status: 0
`;

describe('parseTimeVerbose', () => {
  it('reads peak RSS in MB, CPU and wall seconds and the exit status', () => {
    expect(parseTimeVerbose(REPORT)).toEqual({ maxRssMB: 256, userS: 1.52, sysS: 0.31, wallS: 62.5, exitStatus: 0 });
  });

  it('reads the signal of a killed command', () => {
    const killed = `Command terminated by signal 9\n${REPORT.replace('\tExit status: 0\n', '')}`;
    expect(parseTimeVerbose(killed)).toMatchObject({ signal: 9, maxRssMB: 256 });
    expect(parseTimeVerbose(killed).exitStatus).toBeUndefined();
  });

  it('refuses a report without the peak memory, naming the line', () => {
    expect(() => parseTimeVerbose(REPORT.replace(/.*Maximum resident.*\n/, '')))
      .toThrow("/usr/bin/time -v report without 'Maximum resident set size (kbytes)'");
  });

  it('reads the three clock forms and refuses anything else', () => {
    expect(parseClock('0:00.10')).toBeCloseTo(0.1);
    expect(parseClock('1:02:03.5')).toBeCloseTo(3723.5);
    expect(parseClock('7.25')).toBeCloseTo(7.25);
    expect(() => parseClock('1:xx')).toThrow("not a clock time: '1:xx'");
  });

  it.runIf(timeAvailable())('measures a real process that holds 200 MB at about 200 MB', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-rusage-'));
    try {
      const report = join(dir, 'time.txt');
      const hold = 'const b = Buffer.alloc(200 * 1024 * 1024, 1); console.log(b[7]);';
      const [program, ...args] = timedCommand([process.execPath, '-e', hold], report);
      execFileSync(program!, args);
      const usage = parseTimeVerbose(readFileSync(report, 'utf8'));
      expect(usage.maxRssMB).toBeGreaterThan(200);
      expect(usage.maxRssMB).toBeLessThan(400);
      expect(usage.exitStatus).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('proc-tree', () => {
  it('reads the parent pid past a command name with spaces and parentheses', () => {
    expect(parentPid('4242 (my (odd) name) S 17 4242 4242 0 -1 4194560')).toBe(17);
    expect(() => parentPid('garbage')).toThrow('unreadable /proc stat line');
  });

  it('reads VmRSS, and 0 for a process without one', () => {
    expect(vmRssKB('Name:\tnode\nVmPeak:\t  999 kB\nVmRSS:\t  123456 kB\nThreads:\t7\n')).toBe(123456);
    expect(vmRssKB('Name:\tkthreadd\nThreads:\t1\n')).toBe(0);
  });

  it.runIf(process.platform === 'linux')('counts this process itself in its tree', () => {
    const sampler = sampleTreeRss(process.pid);
    const mb = sampler.stop();
    expect(mb).toBeGreaterThanOrEqual(process.memoryUsage().rss / 1024 / 1024 * 0.5);
  });
});
