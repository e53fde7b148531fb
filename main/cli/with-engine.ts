// What `tributary run` and `tributary preview` share: the pipeline file loaded beside an engine
// (its worker threads started first when the input is big), Ctrl-C as cancellation, a failure
// printed per issue, and the engine closed at the end whatever happens.

import { enableCompileCache } from 'node:module';
import { dirname, resolve } from 'node:path';
import type { PipelineDocument } from '../../engine/document/document-types.ts';
import type { Engine } from '../../engine/exec/engine.ts';

export interface PipelineSession {
  readonly document: PipelineDocument;
  readonly engine: Engine;
  /** Where the document's relative paths resolve: its folder. */
  readonly baseDir: string;
  /** The pipeline file, absolute. */
  readonly path: string;
  readonly signal: AbortSignal;
}

/** Runs `body` with the loaded pipeline; returns its exit code, 1 on failure, 130 when cancelled. */
export async function withPipelineEngine(
  command: string, file: string, body: (session: PipelineSession) => Promise<number>,
): Promise<number> {
  // The engine loads after the compile cache is on: a fresh process then skips stripping and
  // compiling the TypeScript modules again (most of a small run's start-up time).
  enableCompileCache();
  const path = resolve(file);
  // Worker threads for a big pipeline start loading now, beside this thread's own start-up.
  const { prestartPoolForFile } = await import('../../engine/exec/prestart.ts');
  const pool = await prestartPoolForFile(path);
  const { loadDocumentFile } = await import('../../engine/document/load.ts');
  const { Engine } = await import('../../engine/exec/engine.ts');
  const { PipelineError } = await import('../../engine/errors.ts');
  const { document, issues } = await loadDocumentFile(path);
  if (!document) {
    for (const i of issues) console.error(`${file}: ${i.message}`);
    await pool?.close();
    return 1;
  }
  const engine = new Engine(pool ? { pool } : {});
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    return await body({ document, engine, baseDir: dirname(path), path, signal: controller.signal });
  } catch (e) {
    if (e instanceof PipelineError) for (const i of e.issues) console.error(`${file}: ${i.message}`);
    else console.error(`tributary ${command}: ${e instanceof Error ? e.message : String(e)}`);
    return controller.signal.aborted ? 130 : 1;
  } finally {
    process.off('SIGINT', onSigint);
    await engine.close();
  }
}
