// The engine modules the services stand on, loaded on first use. Parts of the engine are still
// being written by other engineers; a call that needs a part that is not there yet answers a
// clear "not available yet" error instead of the whole studio failing to start. The types are
// the agreed signatures (notes/interfaces.md).
//
// The specifiers are variables so the type checker does not require the files yet; once every
// module exists these become static imports (the Electron main bundle needs static imports).

import { CATALOG } from '../../engine/document/catalog.ts';
import type { KindDef } from '../../engine/document/catalog-types.ts';
import type { PipelineDocument } from '../../engine/document/document-types.ts';
import type { PipelineIssue } from '../../engine/errors.ts';
import type { NodeSummary, RunEvent, RunStatus } from '../../engine/exec/events.ts';
import type { Schema } from '../../engine/types.ts';
import type { RecordBatch } from 'apache-arrow';
import { fileURLToPath } from 'node:url';

export interface RunOptions {
  baseDir: string;
  partitions?: number;
  signal?: AbortSignal;
  onEvent?: (e: RunEvent) => void;
  runId?: string;
  disabledRules?: readonly string[];
}

export interface RunResult {
  runId: string;
  status: RunStatus;
  durationMs: number;
  nodes: NodeSummary[];
  outputs: { nodeId: string; path: string; rows: number }[];
  error?: { nodeId?: string; message: string };
}

export interface PreviewOutput {
  nodeId: string;
  schema: Schema;
  batches: RecordBatch[];
  totalRows: number;
  durationMs: number;
}

export interface EngineApi {
  run(doc: PipelineDocument, opts: RunOptions): Promise<RunResult>;
  preview(doc: PipelineDocument, nodeId: string, opts: RunOptions & { limit?: number }): Promise<PreviewOutput>;
  explain(doc: PipelineDocument, opts: RunOptions): Promise<{ logical: string; optimized: string; physical: string; rulesFired: string[] }>;
  close(): Promise<void>;
}

export interface CompilerApi {
  parseDocument(json: unknown): { document?: PipelineDocument; issues: PipelineIssue[] };
  buildPlan(doc: PipelineDocument, opts: { baseDir: string }): Promise<{ issues: PipelineIssue[]; ports: Record<string, Schema> }>;
}

/** Thrown when a call needs an engine part that is not in this build yet. */
export class NotAvailableError extends Error {
  constructor(what: string, file: string) {
    super(`${what} is not available yet: ${file} is not in this build; `
      + 'the catalog and file calls work, this call will once that part of the engine lands');
    this.name = 'NotAvailableError';
  }
}

async function importEngineFile<T>(file: string, what: string): Promise<T> {
  const url = new URL(`../../${file}`, import.meta.url).href;
  try {
    return (await import(/* @vite-ignore */ url)) as T;
  } catch (e) {
    // Only "this very file is missing" means not available; an error inside it must surface.
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes(`'${fileURLToPath(url)}'`)) {
      throw new NotAvailableError(what, file);
    }
    throw e;
  }
}

export async function loadCatalog(): Promise<readonly KindDef[]> {
  return CATALOG;
}

export async function loadCompiler(): Promise<CompilerApi> {
  const load = await importEngineFile<Pick<CompilerApi, 'parseDocument'>>('engine/document/load.ts', 'document checking');
  const build = await importEngineFile<Pick<CompilerApi, 'buildPlan'>>('engine/logical/build.ts', 'schema inference');
  return { parseDocument: load.parseDocument, buildPlan: build.buildPlan };
}

export async function createEngine(opts: { threads?: number }): Promise<EngineApi> {
  const mod = await importEngineFile<{ Engine: new (o?: { threads?: number }) => EngineApi }>(
    'engine/exec/engine.ts', 'the execution engine (explain, run, preview)');
  return new mod.Engine(opts);
}
