// What the studio's path fields ask about the data files a source reads or a sink writes:
// does the path exist, how big is it, how many rows (from Parquet footers, which is cheap and
// exact), and the user's recent data files. Every path passes the one path policy
// (engine/path-policy.ts) that judges the paths inside documents, so a path field never
// reveals whether a file outside the workspace and data folders exists: browser mode answers
// 'refused' with the rule and the fix instead.

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { expandPath } from '../../engine/io/paths.ts';
import { readFooter } from '../../engine/io/parquet/footer.ts';
import { PathRefusedError, resolveAllowed, type PathPolicy } from '../../engine/path-policy.ts';
import type { DataFileFormat, DataFileStat } from '../api.ts';
import { writeFileAtomic } from './atomic-write.ts';

/** Row counts come from at most this many Parquet footers (a glob over thousands of files is not a field's business). */
const MAX_FOOTERS = 64;

export async function statDataPath(
  policy: PathPolicy, baseDir: string, requested: string, format: DataFileFormat | undefined,
): Promise<DataFileStat> {
  let absolute: string;
  try {
    absolute = resolveAllowed(policy, baseDir, requested);
  } catch (e) {
    if (e instanceof PathRefusedError) return { path: requested, status: 'refused', message: e.message };
    throw e;
  }
  const wildcard = /[*?[{]/.test(requested);
  const s = wildcard ? undefined : await stat(absolute).catch(() => undefined);
  if (!wildcard && !s) return { path: requested, status: 'missing', message: `${requested} not found (${absolute})` };
  if (s?.isFile()) return { path: requested, status: 'file', bytes: s.size, modifiedAt: s.mtimeMs, ...(await parquetRows([absolute], format)) };
  // A folder or a glob: the data files it stands for, each checked by the policy as a run would.
  let files: string[];
  try {
    files = await expandPath(absolute, format ?? 'parquet', policy);
  } catch (e) {
    if (e instanceof PathRefusedError) return { path: requested, status: 'refused', message: e.message };
    return { path: requested, status: wildcard ? 'missing' : 'folder', files: 0, message: (e as Error).message };
  }
  const sizes = await Promise.all(files.map((f) => stat(f).then((x) => x.size, () => 0)));
  return {
    path: requested, status: wildcard ? 'glob' : 'folder', files: files.length, bytes: sizes.reduce((a, b) => a + b, 0),
    ...(await parquetRows(files, format)),
  };
}

/** Rows from the Parquet footers when the format is Parquet (exact, read without the data). */
async function parquetRows(files: readonly string[], format: DataFileFormat | undefined): Promise<{ rows?: number; message?: string }> {
  if (format !== 'parquet' || files.length > MAX_FOOTERS) return {};
  try {
    const footers = await Promise.all(files.map((f) => readFooter(f)));
    return { rows: footers.reduce((a, f) => a + f.numRows, 0) };
  } catch (e) {
    return { message: (e as Error).message };
  }
}

const RECENT_FILE = 'recent-files.json';
export const MAX_RECENT = 12;

/** The recent data files, absolute, newest first (kept in the studio's data folder beside settings.json). */
export async function loadRecent(dataDir: string): Promise<string[]> {
  try {
    const json = JSON.parse(await readFile(path.join(dataDir, RECENT_FILE), 'utf8')) as unknown;
    return Array.isArray(json) ? json.filter((p): p is string => typeof p === 'string' && path.isAbsolute(p)).slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
}

export async function rememberRecent(dataDir: string, absolute: string): Promise<string[]> {
  const next = [absolute, ...(await loadRecent(dataDir)).filter((p) => p !== absolute)].slice(0, MAX_RECENT);
  await writeFileAtomic(path.join(dataDir, RECENT_FILE), `${JSON.stringify(next, null, 2)}\n`);
  return next;
}

/** How a stored path is shown in a document at `baseDir`: relative (posix) when inside it or the
 *  workspace (documents stay portable with their data), else absolute; paths the policy refuses now (a data folder removed) are left out. */
export function recentForDocument(policy: PathPolicy, baseDir: string, workspace: string, absolutes: readonly string[]): string[] {
  return absolutes.flatMap((abs) => {
    try {
      resolveAllowed(policy, baseDir, abs);
    } catch {
      return [];
    }
    const rel = path.relative(baseDir, abs);
    const inWorkspace = !path.relative(workspace, abs).startsWith('..');
    return [(!rel.startsWith('..') || inWorkspace) && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : abs];
  });
}
