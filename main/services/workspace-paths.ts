// Every path the studio sends is resolved here. Relative paths resolve against the workspace
// folder; a path that ends up outside it is refused unless the adapter allows absolute paths
// (Electron, where the user picked the file in a native dialog). Browser mode never allows
// them: a page that got hold of the token must still not read or write the rest of the disk.

import { realpathSync } from 'node:fs';
import path from 'node:path';

export class PathRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PathRefusedError';
  }
}

export interface PathPolicy {
  readonly workspace: string;
  readonly allowOutside: boolean;
}

/** The deepest existing ancestor resolved through symlinks, plus the part that does not exist yet. */
function realResolve(p: string): string {
  let existing = p;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync(existing), ...rest);
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return p;
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

export function isInside(folder: string, target: string): boolean {
  const rel = path.relative(folder, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The absolute path for `requested`, or a PathRefusedError naming the path and the rule. */
export function resolveWorkspacePath(policy: PathPolicy, requested: string): string {
  if (requested.includes('\0')) throw new PathRefusedError(`path '${requested}' contains a NUL character`);
  const absolute = path.resolve(policy.workspace, requested);
  if (policy.allowOutside) return absolute;
  // Compare real paths so a symlink inside the workspace cannot lead outside it.
  const real = realResolve(absolute);
  const root = realResolve(path.resolve(policy.workspace));
  if (!isInside(root, real)) {
    throw new PathRefusedError(
      `path '${requested}' is outside the workspace '${policy.workspace}': open or save files inside the workspace folder`);
  }
  return absolute;
}

/** How a path is shown back to the studio: relative to the workspace when inside it. */
export function displayPath(policy: PathPolicy, absolute: string): string {
  const root = path.resolve(policy.workspace);
  return isInside(root, absolute) ? path.relative(root, absolute).split(path.sep).join('/') : absolute;
}
