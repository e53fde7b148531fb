// The whole-process figures of a benchmark child, from the operating system's own accounting:
// each child runs under `/usr/bin/time -v -o FILE`, which waits for it and writes its peak
// resident set size and CPU time. That counts every thread of the process (Tributary's worker
// threads, DuckDB's and Polars' thread pools) and needs no sampling, so no peak is missed.
// It sees one process: a child that starts others (Spark's JVM) is measured by sampling /proc
// instead (proc-tree.ts).

import { existsSync } from 'node:fs';

export const TIME_BIN = '/usr/bin/time';

export interface ProcessUsage {
  /** Peak resident set size in megabytes (1 MB = 1024 KB, as the kernel reports kilobytes). */
  readonly maxRssMB: number;
  readonly userS: number;
  readonly sysS: number;
  /** Wall time as /usr/bin/time measured it. */
  readonly wallS: number;
  /** The command's exit status, absent when a signal ended it. */
  readonly exitStatus?: number;
  /** The signal that ended the command, when one did. */
  readonly signal?: number;
}

export function timeAvailable(): boolean {
  return existsSync(TIME_BIN);
}

/** `[TIME_BIN, -v, -o, file, ...command]`: the command line that measures `command`. */
export function timedCommand(command: readonly string[], reportFile: string): string[] {
  return [TIME_BIN, '-v', '-o', reportFile, ...command];
}

/** "1:02:03.5" (h:mm:ss), "2:03.45" (m:ss) or "3.5" as seconds. */
export function parseClock(text: string): number {
  const parts = text.trim().split(':');
  if (parts.length > 3 || parts.some((p) => !/^\d+(\.\d+)?$/.test(p))) throw new Error(`not a clock time: '${text}'`);
  return parts.reduce((total, p) => total * 60 + Number(p), 0);
}

/**
 * Reads GNU time's `-v` report. Throws, naming the line, when a figure every report carries is
 * missing (the file was cut short, or another time program wrote it).
 */
export function parseTimeVerbose(report: string): ProcessUsage {
  const fields = new Map<string, string>();
  let signal: number | undefined;
  for (const line of report.split('\n')) {
    const killed = /Command terminated by signal (\d+)/.exec(line);
    if (killed) signal = Number(killed[1]);
    // "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:01.23": the value follows the last ": ".
    const at = line.lastIndexOf(': ');
    if (at > 0) fields.set(line.slice(0, at).trim(), line.slice(at + 2).trim());
  }
  const need = (name: string): string => {
    const value = fields.get(name);
    if (value === undefined) throw new Error(`/usr/bin/time -v report without '${name}'`);
    return value;
  };
  const number = (name: string): number => {
    const value = Number(need(name));
    if (!Number.isFinite(value)) throw new Error(`/usr/bin/time -v report: '${name}' is not a number`);
    return value;
  };
  const exit = fields.get('Exit status');
  return {
    maxRssMB: number('Maximum resident set size (kbytes)') / 1024,
    userS: number('User time (seconds)'),
    sysS: number('System time (seconds)'),
    wallS: parseClock(need('Elapsed (wall clock) time (h:mm:ss or m:ss)')),
    ...(exit !== undefined ? { exitStatus: Number(exit) } : {}),
    ...(signal !== undefined ? { signal } : {}),
  };
}
