// The Tributary side: the workload's pipeline document, with its source paths pointed at the
// files of the asked size and its sink at bench/data/out/, run by one Engine (default
// partitions = cores). The Engine is imported at run time so the harness works (and reports
// "not available") before engine/exec/engine.ts exists.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PipelineDocument } from '../../engine/document/document-types.ts';
import type { RunStatus } from '../../engine/exec/events.ts';
import { BENCH_DIR } from '../sizes.ts';

/** The part of the agreed Engine signature (notes/interfaces.md) the benchmark uses. */
export interface BenchEngine {
  run(doc: PipelineDocument, opts: { baseDir: string; partitions?: number }): Promise<{
    status: RunStatus;
    durationMs: number;
    outputs: readonly { nodeId: string; path: string; rows: number }[];
    error?: { nodeId?: string; message: string };
  }>;
  close(): Promise<void>;
}

export const PIPELINES_DIR = join(BENCH_DIR, 'pipelines');
const ENGINE_MODULE = new URL('../../engine/exec/engine.ts', import.meta.url);

/** The engine as shipped (electron.vite.config.ts bundles engine/exec/bundle-entry.ts there). */
const BUNDLED_ENGINE = new URL('../../out/main/engine.js', import.meta.url);

interface EngineModule {
  Engine: new (opts?: { pool?: unknown }) => BenchEngine;
  prestartPool(doc: unknown, baseDir: string): Promise<unknown>;
}

export class EngineMissingError extends Error {}

export function engineAvailable(): boolean {
  return existsSync(ENGINE_MODULE);
}

/** The engine, its worker threads started first when `doc` looks big, as `tributary run` does. */
export async function createEngine(doc?: PipelineDocument): Promise<BenchEngine> {
  if (!engineAvailable()) {
    throw new EngineMissingError(`Tributary's engine (${ENGINE_MODULE.pathname}) does not exist yet`);
  }
  // TRIBUTARY_BENCH_BUNDLE: another build's engine.js (a copy of out/main kept under the repo, so
  // its imports still resolve), to compare two builds run by run.
  const bundle = process.env['TRIBUTARY_BENCH_BUNDLE'];
  const bundled = bundle || process.env['TRIBUTARY_BENCH_ENGINE'] === 'bundled';
  const engineUrl = bundle ? pathToFileURL(resolve(bundle)) : BUNDLED_ENGINE;
  // As `tributary run` does (main/cli/with-engine.ts): the worker threads start loading before
  // this thread loads the engine, not after.
  const prestart = bundled ? await bundledPrestart(engineUrl) : (await import('../../engine/exec/prestart.ts')).prestartPool;
  const pool = doc && prestart ? await prestart(doc, PIPELINES_DIR) : undefined;
  const mod = (bundled ? await import(engineUrl.href) : await import('../../engine/exec/bundle-entry.ts')) as EngineModule;
  return new mod.Engine(pool ? { pool } : {});
}

/** The bundle's prestartPool without loading the engine: its chunk, as engine.js names it. */
async function bundledPrestart(engineUrl: URL): Promise<EngineModule['prestartPool'] | undefined> {
  const m = /import \{ (\w+) as prestartPool \} from "(\.\/chunks\/[^"]+\.js)"/.exec(readFileSync(engineUrl, 'utf8'));
  if (!m) return undefined; // engine.js changed shape: the pool starts with the engine instead
  const chunk = (await import(new URL(m[2]!, engineUrl).href)) as Record<string, EngineModule['prestartPool']>;
  return chunk[m[1]!];
}

export function loadPipeline(file: string): PipelineDocument {
  return JSON.parse(readFileSync(join(PIPELINES_DIR, file), 'utf8')) as PipelineDocument;
}

/** A copy of `doc` with the given nodes' `path` params replaced (other params kept). */
export function withPaths(doc: PipelineDocument, paths: Readonly<Record<string, string>>): PipelineDocument {
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      const path = paths[n.id];
      return path === undefined ? n : { ...n, params: { ...n.params, path } };
    }),
  };
}

/** Runs the document; throws with the engine's own error text when the run does not complete. */
export async function runDocument(engine: BenchEngine, doc: PipelineDocument): Promise<{ path?: string }> {
  const result = await engine.run(doc, { baseDir: PIPELINES_DIR });
  if (result.status !== 'COMPLETED') {
    const where = result.error?.nodeId ? ` at node '${result.error.nodeId}'` : '';
    throw new Error(`run ${result.status}${where}: ${result.error?.message ?? '(no error message)'}`);
  }
  return { path: result.outputs[0]?.path };
}

/** An error as text for the report, with a PipelineError's issues spelled out. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const issues = (err as { issues?: readonly { message: string; nodeId?: string; param?: string }[] }).issues;
  const lines = [`${err.name}: ${err.message}`];
  if (issues && issues.length > 0) {
    for (const i of issues) lines.push(`  - ${i.nodeId ?? '(document)'}${i.param ? `.${i.param}` : ''}: ${i.message}`);
  }
  if (err.stack) lines.push(err.stack.split('\n').slice(1, 6).join('\n'));
  return lines.join('\n');
}
