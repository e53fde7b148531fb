// Which files a pipeline document may read and write. One policy decides for every path a
// document names: the source and sink params at lowering, and each file a glob or folder
// expands to at run time. The CLI runs on the user's own machine and allows any path; browser
// mode (a page that holds the token) is confined to the workspace and the data folders the user
// added in settings. Plain data, so it travels in plans to the executor.
//
// A path is judged by where it really leads: the real path (symlinks resolved) of the path
// itself, or, for an output that does not exist yet, of its nearest existing ancestor.

import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';

export type PathPolicy =
  | { readonly kind: 'anywhere' }
  | { readonly kind: 'confined'; readonly workspace: string; readonly dataFolders: readonly string[] };

export const ANYWHERE: PathPolicy = { kind: 'anywhere' };

/** Longer paths are refused before touching the file system (Linux PATH_MAX). */
export const MAX_PATH_CHARS = 4096;

export function confinedTo(workspace: string, dataFolders: readonly string[] = []): PathPolicy {
  return { kind: 'confined', workspace: path.resolve(workspace), dataFolders: dataFolders.map((f) => path.resolve(f)) };
}

export class PathRefusedError extends Error {
  /** The document param the path came from, when known. */
  readonly param: string | undefined;
  constructor(message: string, param?: string) {
    super(message);
    this.name = 'PathRefusedError';
    this.param = param;
  }
}

/** Symlinks followed through dangling links before giving up (as the kernel's ELOOP limit). */
const MAX_LINKS = 40;

/** The real path of `p`: its nearest existing ancestor resolved through symlinks, plus the rest.
 *  A dangling symlink on the way is followed to where it points (creating a file through it
 *  would create it there). */
export function realResolve(p: string, links = 0): string {
  let existing = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync(existing), ...rest);
    } catch {
      const link = links < MAX_LINKS ? danglingTarget(existing) : undefined;
      if (link !== undefined) return realResolve(path.join(link, ...rest), links + 1);
      const parent = path.dirname(existing);
      if (parent === existing) return path.join(existing, ...rest);
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

/** Where `p` points when it is a symlink whose target does not resolve; else undefined. */
function danglingTarget(p: string): string | undefined {
  try {
    if (!lstatSync(p).isSymbolicLink()) return undefined;
    return path.resolve(path.dirname(p), readlinkSync(p));
  } catch {
    return undefined;
  }
}

export function isInside(folder: string, target: string): boolean {
  const rel = path.relative(folder, target);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/** What a confined policy allows, for error messages. */
export function describeAllowed(policy: PathPolicy): string {
  if (policy.kind === 'anywhere') return 'any path';
  const extra = policy.dataFolders.length > 0 ? ` and its data folders (${policy.dataFolders.join(', ')})` : ' and its data folders (none added)';
  return `the workspace ${policy.workspace}${extra}`;
}

const FIX = 'move the file into the workspace or add its folder under Settings > Data folders';

/** Refuses what no policy allows: NUL characters and over-long paths. */
function checkText(requested: string): void {
  if (requested.includes('\0')) throw new PathRefusedError(`'${requested.replaceAll('\0', '\\0')}' contains a NUL character, which no file name may hold`);
  if (requested.length > MAX_PATH_CHARS) {
    throw new PathRefusedError(`a path of ${requested.length} characters is longer than the ${MAX_PATH_CHARS} a file path may have`);
  }
}

function roots(policy: Extract<PathPolicy, { kind: 'confined' }>): string[] {
  return [policy.workspace, ...policy.dataFolders].map(realResolve);
}

/** Throws unless the real path `real` (of `shown`) lies in an allowed folder. */
function checkReal(policy: PathPolicy, shown: string, absolute: string, real: string): void {
  if (policy.kind === 'anywhere') return;
  if (roots(policy).some((root) => isInside(root, real))) return;
  const where = real === absolute ? '' : ` (through a symlink it leads to ${real})`;
  const named = shown === absolute ? absolute : `'${shown}' (${absolute})`;
  throw new PathRefusedError(`${named}${where} is outside ${describeAllowed(policy)}; ${FIX}`);
}

/** `requested` made absolute against `baseDir` and checked against `policy` (a source, a sink,
 *  a glob pattern: a pattern is judged by the folders before its first wildcard and again per
 *  file it expands to). Throws PathRefusedError saying what is allowed. */
export function resolveAllowed(policy: PathPolicy, baseDir: string, requested: string): string {
  checkText(requested);
  const absolute = path.resolve(baseDir, requested);
  if (policy.kind === 'anywhere') return absolute;
  checkReal(policy, requested, absolute, realResolve(absolute));
  return absolute;
}

/** Checks one existing file a glob or folder expanded to, by its real path. */
export async function checkExpandedFile(policy: PathPolicy, file: string): Promise<void> {
  if (policy.kind === 'anywhere') return;
  checkText(file);
  const absolute = path.resolve(file);
  checkReal(policy, file, absolute, await realpath(absolute).catch(() => realResolve(absolute)));
}
