// Temporary outputs of dead processes. A sink writes `.NAME.tmp-PID-HEX` beside its target (and
// `.NAME.tmp-PID-HEX.old` for a moment while a folder output is replaced); a process killed with
// SIGKILL, or a worker terminated mid-write, leaves them behind. A temp whose PID is no longer a
// live process can never be finished, so the next sink writing to that folder, and the studio at
// start, remove it. A live PID's temps are left alone: that run may still be writing.

import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

const TEMP_NAME = /^\..+\.tmp-(\d+)-[0-9a-f]{8}(?:\.old)?$/;

/** The name of a temporary output beside `name`, owned by this process. */
export function tempName(name: string, hex: string): string {
  return `.${name}.tmp-${process.pid}-${hex}`;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the temporary outputs of dead processes in `folder` (not below it); returns their names. */
export async function removeStaleTemps(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || isAlive(Number(m[1]))) continue;
    await rm(join(folder, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** removeStaleTemps in `root` and its folders down to `maxDepth` levels, skipping dot folders and
 *  node_modules, at most `maxFolders` folders (a start-up sweep must stay quick on a big tree). */
export async function sweepStaleTemps(root: string, maxDepth = 4, maxFolders = 2000): Promise<string[]> {
  const removed: string[] = [];
  let queue = [root];
  let visited = 0;
  for (let depth = 0; depth <= maxDepth && queue.length > 0; depth++) {
    const next: string[] = [];
    for (const folder of queue) {
      if (visited++ >= maxFolders) return removed;
      removed.push(...(await removeStaleTemps(folder)).map((n) => join(folder, n)));
      const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') next.push(join(folder, e.name));
      }
    }
    queue = next;
  }
  return removed;
}
