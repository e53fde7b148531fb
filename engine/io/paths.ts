// Resolves a source `path` param to a sorted list of files: a single file, every matching file
// under a folder (recursively, as written by a partitioned sink), or a glob pattern. Under a
// confined path policy every file found is checked by its real path (a symlink inside the
// workspace, or a glob with `..` after a wildcard, must not reach outside).

import { glob, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ANYWHERE, checkExpandedFile, PathRefusedError, type PathPolicy } from '../path-policy.ts';

export const EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  parquet: ['.parquet', '.parq'],
  csv: ['.csv', '.tsv', '.txt'],
  json: ['.json', '.ndjson', '.jsonl'],
};

/** Files starting with '.' or '_' are temp files and markers (_SUCCESS), never data. */
export function isDataFile(name: string, format: string): boolean {
  if (name.startsWith('.') || name.startsWith('_')) return false;
  const exts = EXTENSIONS[format] ?? [];
  return exts.some((e) => name.toLowerCase().endsWith(e));
}

async function walk(dir: string, format: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name.startsWith('_')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, format, out);
    else if (e.isFile() && isDataFile(e.name, format)) out.push(p);
  }
}

export function sourcePath(options: Readonly<Record<string, unknown>>, format: string): string {
  const p = options['path'];
  if (typeof p !== 'string' || p === '') {
    throw new Error(`source.${format}: param 'path' is missing; expected a file, folder or glob`);
  }
  return p;
}

/** The data files a `path` names, sorted; throws naming the path when there are none, or a
 *  PathRefusedError when one of them lies outside what `policy` allows. */
export async function expandPath(path: string, format: string, policy: PathPolicy = ANYWHERE): Promise<string[]> {
  const files = await expandUnchecked(path, format);
  for (const f of files) {
    try {
      await checkExpandedFile(policy, f);
    } catch (e) {
      if (e instanceof PathRefusedError) throw new PathRefusedError(`param 'path': ${path}: ${e.message}`, 'path');
      throw e;
    }
  }
  return files;
}

async function expandUnchecked(path: string, format: string): Promise<string[]> {
  if (/[*?[{]/.test(path)) {
    const files: string[] = [];
    for await (const f of glob(path)) {
      const s = await stat(f).catch(() => undefined);
      if (s?.isFile()) files.push(f);
    }
    if (files.length === 0) throw new Error(`no files match ${path}`);
    return files.sort();
  }
  const s = await stat(path).catch((e: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${path}: ${e.code === 'ENOENT' ? 'no such file or folder' : e.message}`);
  });
  if (s.isFile()) return [path];
  const files: string[] = [];
  await walk(path, format, files);
  if (files.length === 0) throw new Error(`folder ${path} holds no ${format} files (${(EXTENSIONS[format] ?? []).join(', ')})`);
  return files.sort();
}
