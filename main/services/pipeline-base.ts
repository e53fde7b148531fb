// Where a pipeline's relative paths (sources, sinks) resolve. One rule for the command line and
// the studio: against the folder of the pipeline file. A document the studio has not saved yet
// resolves against the workspace.
//
// The shipped examples (assets/examples/) are the one case the rule would get wrong: their file
// sits inside the app, so `output/...` beside it would write into the app's own folders (and a
// packaged app's folder may not be writable at all). An example is not the user's file: it is a
// template of one. So it resolves as if it had been copied where the user works: the studio's
// workspace (where the studio opens it, and where Save puts it), or the command line's current
// folder. `tributary run assets/examples/revenue-by-country.json` thus writes
// ./output/revenue-by-country.parquet, as running a copy of it in the current folder would.

import { realpathSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../repo-root.ts';

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'assets/examples');

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** True when `file` lies in the shipped examples folder (after symlinks). */
export function isShippedExample(file: string, examplesDir: string = EXAMPLES_DIR): boolean {
  const rel = path.relative(real(examplesDir), real(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** The folder `file`'s relative paths resolve against; `workspace` stands in for a shipped example's. */
export function pipelineBaseDir(file: string, workspace: string, examplesDir: string = EXAMPLES_DIR): string {
  return isShippedExample(file, examplesDir) ? path.resolve(workspace) : path.dirname(path.resolve(file));
}
