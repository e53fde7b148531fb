// Spawns one benchmark child and measures it from spawn to exit (whole-process wall time),
// under /usr/bin/time -v when present (peak RSS and CPU time from the kernel, rusage.ts). The
// child leads its own process group, so a time limit kills it and everything it started.

import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleTreeRss } from './proc-tree.ts';
import { parseReport, type ChildReport } from './protocol.ts';
import { parseTimeVerbose, timeAvailable, timedCommand, type ProcessUsage } from './rusage.ts';
import { BENCH_DIR } from './sizes.ts';

export interface ChildRun {
  readonly wallMs: number;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly report?: ChildReport;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the child was killed: over the time limit, or still alive after reporting. */
  readonly killed?: string;
  /** The kernel's figures for the child (absent without /usr/bin/time or when it was killed). */
  readonly usage?: ProcessUsage;
  /** Peak RSS summed over the child's process tree, when asked for (SpawnOptions.treeRss). */
  readonly treeRssMB?: number;
}

export interface SpawnOptions {
  /** The program to run (default: this Node); `args` are its arguments. */
  readonly program?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Also sample the memory of the whole process tree (a child that starts other processes). */
  readonly treeRss?: boolean;
}

let spawned = 0;

/** Live children's process groups: a child leads its own group, so Ctrl-C on the bench does not
 *  reach it; the bench kills them itself before it exits. */
const liveGroups = new Set<number>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const group of liveGroups) {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

/** After the report line, a child has this long to exit before it is killed (lingering handles). */
const EXIT_GRACE_MS = 10_000;

export function spawnTimed(args: readonly string[], timeoutMs: number, options: SpawnOptions = {}): Promise<ChildRun> {
  const env = { ...process.env, POLARS_MAX_THREADS: String(availableParallelism()), ...options.env };
  const reportFile = join(tmpdir(), `tributary-bench-${process.pid}-${++spawned}.time`);
  const command = [options.program ?? process.execPath, ...args];
  const [program, ...rest] = timeAvailable() ? timedCommand(command, reportFile) : command;
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let killed: string | undefined;
    let graceTimer: NodeJS.Timeout | undefined;
    const started = performance.now();
    const child = spawn(program!, rest, { cwd: join(BENCH_DIR, '..'), env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const killTree = (): void => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL'); // the group is gone already
      }
    };
    if (child.pid !== undefined) liveGroups.add(child.pid);
    const tree = options.treeRss && child.pid !== undefined ? sampleTreeRss(child.pid) : undefined;
    const limit = setTimeout(() => {
      killed = `killed after the ${timeoutMs / 1000} s time limit`;
      killTree();
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (graceTimer === undefined && stdout.includes('@@bench-report ')) {
        graceTimer = setTimeout(() => {
          killed = `still running ${EXIT_GRACE_MS / 1000} s after reporting its result (something keeps the process alive)`;
          killTree();
        }, EXIT_GRACE_MS);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.on('close', (exitCode, signal) => {
      const wallMs = performance.now() - started;
      if (child.pid !== undefined) liveGroups.delete(child.pid);
      clearTimeout(limit);
      clearTimeout(graceTimer);
      const treeRssMB = tree?.stop();
      let usage: ProcessUsage | undefined;
      try {
        usage = killed === undefined && timeAvailable() ? parseTimeVerbose(readFileSync(reportFile, 'utf8')) : undefined;
      } catch (err) {
        stderr += `\n(unreadable /usr/bin/time report: ${String(err)})`;
      }
      rmSync(reportFile, { force: true });
      let report: ChildReport | undefined;
      try {
        report = parseReport(stdout);
      } catch (err) {
        stderr += `\n(unreadable report: ${String(err)})`;
      }
      resolve({ wallMs, exitCode, signal, report, stdout, stderr, killed, usage, treeRssMB });
    });
  });
}

/** What went wrong with a child run, verbatim, or undefined when it succeeded. */
export function childFailure(run: ChildRun): string | undefined {
  if (run.killed) return `${run.killed}\n${tail(run.stderr)}`;
  if (run.report && !run.report.ok) return run.report.error;
  if (!run.report) {
    return `exited with ${run.signal ?? `code ${run.exitCode}`} without a report\n${tail(run.stderr || run.stdout)}`;
  }
  if (run.exitCode !== 0) return `reported success but exited with code ${run.exitCode}\n${tail(run.stderr)}`;
  return undefined;
}

function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
