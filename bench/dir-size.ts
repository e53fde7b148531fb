// The peak size of a folder while a child runs: what an engine spilled to its temporary folder
// (DuckDB's temp_directory; Tributary's spill files under $TMPDIR). Sampled every SAMPLE_MS, so
// a file written and deleted between two samples is missed: the figure can read low, not high.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SAMPLE_MS = 100;

/** Bytes of every file under `dir` now (0 when it does not exist). */
export function dirBytes(dir: string): number {
  let total = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    try {
      total += e.isDirectory() ? dirBytes(path) : e.isFile() ? statSync(path).size : 0;
    } catch {
      // removed between listing and stat
    }
  }
  return total;
}

/** Starts sampling `dir`; stop() returns the largest size seen, in bytes. */
export function sampleDirBytes(dir: string): { stop(): number } {
  let peak = 0;
  const sample = (): void => { peak = Math.max(peak, dirBytes(dir)); };
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
