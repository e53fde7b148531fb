// The studio's own settings (not a pipeline's): the data folders that browser mode may
// read and write besides the workspace, and the default memory budget of a run (docs/memory.md).
// Kept in the data folder as settings.json. A folder is stored only when it is an existing
// folder given by an absolute path, and never the root of a file system (that would allow the
// whole disk again).

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AppSettings } from '../api.ts';
import { writeFileAtomic } from './atomic-write.ts';

const FILE = 'settings.json';
export const MAX_DATA_FOLDERS = 100;

export const DEFAULT_SETTINGS: AppSettings = { dataFolders: [] };

/** The stored settings; defaults when there are none or the file is unreadable (a bad file
 *  never stops the studio, and an unreadable one allows no extra folder). */
export async function loadSettings(dataDir: string): Promise<AppSettings> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path.join(dataDir, FILE), 'utf8'));
  } catch {
    return DEFAULT_SETTINGS;
  }
  const folders = (json as { dataFolders?: unknown } | null)?.dataFolders;
  if (!Array.isArray(folders)) return DEFAULT_SETTINGS;
  const dataFolders = folders.filter((f): f is string => typeof f === 'string' && path.isAbsolute(f) && !isRoot(f));
  const budget = (json as { memoryBudgetMB?: unknown }).memoryBudgetMB;
  // A hand-edited budget that is not a size of at least 1 MB is ignored: the machine's default applies.
  const memoryBudgetMB = typeof budget === 'number' && Number.isFinite(budget) && budget >= 1 ? budget : undefined;
  return { dataFolders: dataFolders.slice(0, MAX_DATA_FOLDERS), ...(memoryBudgetMB !== undefined ? { memoryBudgetMB } : {}) };
}

function isRoot(folder: string): boolean {
  const resolved = path.resolve(folder);
  return path.parse(resolved).root === resolved;
}

/** Checks each folder (absolute, existing, a folder, not a file system root) and stores them. */
export async function saveSettings(dataDir: string, requested: AppSettings): Promise<AppSettings> {
  const dataFolders: string[] = [];
  for (const folder of requested.dataFolders) {
    if (!path.isAbsolute(folder)) {
      throw new Error(`data folder '${folder}' is not an absolute path: give the full path, such as /home/me/data`);
    }
    const resolved = path.resolve(folder);
    if (isRoot(resolved)) {
      throw new Error(`data folder '${folder}' is the root of a file system, which would allow every file: add the folder that holds the data`);
    }
    const s = await stat(resolved).catch(() => undefined);
    if (!s?.isDirectory()) throw new Error(`data folder '${folder}' is not an existing folder: create it first or fix the path`);
    if (!dataFolders.includes(resolved)) dataFolders.push(resolved);
  }
  if (dataFolders.length > MAX_DATA_FOLDERS) throw new Error(`at most ${MAX_DATA_FOLDERS} data folders, got ${dataFolders.length}`);
  const budget = requested.memoryBudgetMB;
  if (budget !== undefined && !(Number.isFinite(budget) && budget >= 1)) {
    throw new Error(`memoryBudgetMB must be a number of megabytes from 1, such as 2048, got ${budget}`);
  }
  const settings: AppSettings = { dataFolders, ...(budget !== undefined ? { memoryBudgetMB: budget } : {}) };
  await writeFileAtomic(path.join(dataDir, FILE), `${JSON.stringify(settings, null, 2)}\n`);
  return settings;
}
