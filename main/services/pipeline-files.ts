// Pipeline files in the workspace: open, save (stable JSON, atomic), list a folder, and the
// example pipelines shipped in assets/examples/.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { KindDef, PipelineDocument, PipelineFile } from '../api.ts';
import { parseDocument } from '../../engine/document/load.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { formatDocument } from './document-json.ts';
import { displayPath, resolveWorkspacePath, type PathPolicy } from './workspace-paths.ts';

/** Parses a pipeline file's text with the engine's one document check (parseDocument); the error
 *  names the file and what is wrong. A readable document with problems opens as the file has it
 *  (nothing dropped, a missing params filled with {}), and pipeline.check reports its issues. */
export function parsePipelineText(text: string, shownPath: string): PipelineDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`'${shownPath}' is not valid JSON (${(e as Error).message}): fix the file or open another one`);
  }
  const parsed = parseDocument(json);
  if (!parsed.document || !studioReadable(json)) {
    throw new Error(`'${shownPath}' is not a Tributary pipeline: ${parsed.issues.slice(0, 3).map((i) => i.message).join('; ')}`
      + ' (expected { "version": 1, "name", "nodes": [...], "edges": [...] })');
  }
  const doc = json as { nodes: Record<string, unknown>[] };
  return { ...doc, nodes: doc.nodes.map((n) => ({ ...n, params: n.params ?? {} })) } as unknown as PipelineDocument;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every node and edge is one the canvas can draw (string id, kind, from, to; params an object). */
function studioReadable(json: unknown): boolean {
  const doc = json as { nodes: unknown[]; edges: unknown[] };
  return doc.nodes.every((n) => isRecord(n) && typeof n.id === 'string' && typeof n.kind === 'string'
      && (n.params === undefined || isRecord(n.params)))
    && doc.edges.every((e) => isRecord(e) && typeof e.from === 'string' && typeof e.to === 'string');
}

export async function openPipeline(policy: PathPolicy, requested: string): Promise<PipelineFile> {
  const absolute = resolveWorkspacePath(policy, requested);
  const shown = displayPath(policy, absolute);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') throw new Error(`no file '${shown}' in the workspace: check the name or pick a file from the list`);
    throw new Error(`cannot read '${shown}': ${(e as Error).message}`);
  }
  return { path: shown, document: parsePipelineText(text, shown) };
}

export async function savePipeline(
  policy: PathPolicy, requested: string, document: PipelineDocument, catalog: readonly KindDef[],
): Promise<{ path: string }> {
  if (!requested.endsWith('.json')) {
    throw new Error(`cannot save to '${requested}': a pipeline file name ends in .json`);
  }
  const absolute = resolveWorkspacePath(policy, requested);
  await writeFileAtomic(absolute, formatDocument(document, catalog));
  return { path: displayPath(policy, absolute) };
}

export async function listFolder(
  policy: PathPolicy, dir: string | undefined,
): Promise<{ dir: string; entries: { name: string; isDir: boolean }[] }> {
  const absolute = resolveWorkspacePath(policy, dir ?? '.');
  const dirents = await readdir(absolute, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    throw new Error(`cannot list '${dir ?? '.'}': ${e.code === 'ENOENT' ? 'no such folder' : e.message}`);
  });
  const entries = dirents
    .filter((d) => !d.name.startsWith('.') && d.name !== 'node_modules')
    .map((d) => ({ name: d.name, isDir: d.isDirectory() }))
    .sort((a, b) => Number(b.isDir) - Number(a.isDir) || a.name.localeCompare(b.name));
  return { dir: displayPath(policy, absolute), entries };
}

/** The shipped examples; each `path` is where it will be saved in the workspace (its file name). */
export async function examplePipelines(examplesDir: string): Promise<PipelineFile[]> {
  const names = (await readdir(examplesDir)).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(names.map(async (name) => ({
    path: name,
    document: parsePipelineText(await readFile(path.join(examplesDir, name), 'utf8'), `assets/examples/${name}`),
  })));
}
