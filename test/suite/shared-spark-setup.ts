// vitest global setup of the isolated project: a folder for the suite's one Spark (its socket,
// process id and log; test/spark/shared-spark.ts starts it when a test file first needs it), and,
// once the run ends, the server stopped and the folder removed. docs/testing.md.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared Spark's folder (short: a Unix socket path is limited to about 100 bytes). */
    sharedSparkDir: string;
    /** The vitest process: the server exits when it is gone, even if this teardown never runs. */
    sharedSparkOwner: number;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'trib-spark-'));
  project.provide('sharedSparkDir', dir);
  project.provide('sharedSparkOwner', process.pid);
  return () => {
    const pidFile = join(dir, 'pid');
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : NaN;
    if (Number.isInteger(pid) && pid > 0) {
      // The server's process group: Python and the JVM it started.
      try { process.kill(-pid, 'SIGTERM'); } catch { /* already gone */ }
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
