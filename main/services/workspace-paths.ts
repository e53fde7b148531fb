// Every path the studio sends is resolved here. Relative paths resolve against the workspace
// folder; a path that ends up outside it (and outside the data folders the user added in
// settings) is refused unless the adapter allows absolute paths (Electron, where the user picked
// the file in a native dialog). Browser mode never allows them: a page that got hold of the token
// must still not read or write the rest of the disk. The decision itself is the engine's one
// path policy (engine/path-policy.ts), the same code that judges the paths inside documents.

import path from 'node:path';
import {
  ANYWHERE, confinedTo, isInside, PathRefusedError, resolveAllowed, type PathPolicy as DocumentPathPolicy,
} from '../../engine/path-policy.ts';

export { isInside, PathRefusedError };

export interface PathPolicy {
  readonly workspace: string;
  readonly allowOutside: boolean;
  /** Absolute folders besides the workspace that browser mode may read and write. */
  readonly dataFolders?: readonly string[];
}

/** The policy for the paths inside documents (sources, sinks, globs) under this studio policy. */
export function documentPathPolicy(policy: PathPolicy): DocumentPathPolicy {
  return policy.allowOutside ? ANYWHERE : confinedTo(policy.workspace, policy.dataFolders ?? []);
}

/** The absolute path for `requested`, or a PathRefusedError naming the path and the rule. */
export function resolveWorkspacePath(policy: PathPolicy, requested: string): string {
  return resolveAllowed(documentPathPolicy(policy), path.resolve(policy.workspace), requested);
}

/** How a path is shown back to the studio: relative to the workspace when inside it. */
export function displayPath(policy: PathPolicy, absolute: string): string {
  const root = path.resolve(policy.workspace);
  return isInside(root, absolute) ? path.relative(root, absolute).split(path.sep).join('/') : absolute;
}
