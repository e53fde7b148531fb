// Unsaved work, kept in the data folder (`.tributary/` in the workspace, or TRIBUTARY_HOME) so a
// crash or a closed window loses nothing. One slot: the latest state of the open pipeline.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PipelineDocument } from '../api.ts';
import { documentSchema } from '../api-schema.ts';
import { writeFileAtomic } from './atomic-write.ts';

export interface AutosaveEntry { document: PipelineDocument; path?: string; savedAt: number }

const FILE = 'autosave.json';

export async function storeAutosave(dataDir: string, document: PipelineDocument, docPath?: string): Promise<{ savedAt: number }> {
  const savedAt = Date.now();
  const entry: AutosaveEntry = docPath === undefined ? { document, savedAt } : { document, path: docPath, savedAt };
  await writeFileAtomic(path.join(dataDir, FILE), JSON.stringify(entry));
  return { savedAt };
}

/** The stored entry, or null when there is none or it is unreadable (never a reason to fail start-up). */
export async function loadAutosave(dataDir: string): Promise<AutosaveEntry | null> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const json = JSON.parse(text) as { document?: unknown; path?: unknown; savedAt?: unknown };
    const doc = documentSchema.safeParse(json.document);
    if (!doc.success || typeof json.savedAt !== 'number') return null;
    const entry: AutosaveEntry = { document: doc.data as unknown as PipelineDocument, savedAt: json.savedAt };
    if (typeof json.path === 'string') entry.path = json.path;
    return entry;
  } catch {
    return null;
  }
}
