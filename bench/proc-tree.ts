// Peak memory of a process tree, sampled from /proc: for a child that starts other processes
// (the Python driver of a PySpark job starts a JVM), /usr/bin/time reports only the largest
// single process. Every SAMPLE_MS this sums VmRSS over the root and all its descendants and
// keeps the highest sum; a peak shorter than the interval can be missed, so it reads low, not high.

import { readdirSync, readFileSync } from 'node:fs';

const SAMPLE_MS = 100;

/** The parent pid from /proc/PID/stat ("pid (comm) state ppid ..."; comm may hold spaces and parentheses). */
export function parentPid(stat: string): number {
  const close = stat.lastIndexOf(')');
  const ppid = Number(stat.slice(close + 2).split(' ')[1]);
  if (close < 0 || !Number.isInteger(ppid)) throw new Error(`unreadable /proc stat line: '${stat.slice(0, 80)}'`);
  return ppid;
}

/** VmRSS in kilobytes from /proc/PID/status; 0 for a process without one (a zombie, a kernel thread). */
export function vmRssKB(status: string): number {
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return m ? Number(m[1]) : 0;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

/** The root and every live descendant of it. */
function tree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    if (stat === undefined) continue;
    const ppid = parentPid(stat);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
  }
  const out: number[] = [];
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    out.push(pid);
    todo.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Starts sampling the tree under `root`; stop() returns the highest total seen, in MB. */
export function sampleTreeRss(root: number): { stop(): number } {
  let peakKB = 0;
  const sample = (): void => {
    const total = tree(root).reduce((sum, pid) => sum + vmRssKB(read(`/proc/${pid}/status`) ?? ''), 0);
    peakKB = Math.max(peakKB, total);
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      return peakKB / 1024;
    },
  };
}
