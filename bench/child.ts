// Spawns one benchmark child and measures it from spawn to exit (whole-process wall time).

import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseReport, type ChildReport } from './protocol.ts';
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
}

/** After the report line, a child has this long to exit before it is killed (lingering handles). */
const EXIT_GRACE_MS = 10_000;

export function spawnTimed(args: readonly string[], timeoutMs: number): Promise<ChildRun> {
  const env = { ...process.env, POLARS_MAX_THREADS: String(availableParallelism()) };
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let killed: string | undefined;
    let graceTimer: NodeJS.Timeout | undefined;
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: join(BENCH_DIR, '..'), env, stdio: ['ignore', 'pipe', 'pipe'] });
    const limit = setTimeout(() => {
      killed = `killed after the ${timeoutMs / 1000} s time limit`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (graceTimer === undefined && stdout.includes('@@bench-report ')) {
        graceTimer = setTimeout(() => {
          killed = `still running ${EXIT_GRACE_MS / 1000} s after reporting its result (something keeps the process alive)`;
          child.kill('SIGKILL');
        }, EXIT_GRACE_MS);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.on('close', (exitCode, signal) => {
      const wallMs = performance.now() - started;
      clearTimeout(limit);
      clearTimeout(graceTimer);
      let report: ChildReport | undefined;
      try {
        report = parseReport(stdout);
      } catch (err) {
        stderr += `\n(unreadable report: ${String(err)})`;
      }
      resolve({ wallMs, exitCode, signal, report, stdout, stderr, killed });
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
