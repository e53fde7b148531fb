// What `tributary run` and `tributary preview` share: the pipeline file loaded beside an engine
// (its worker threads started first when the input is big), Ctrl-C, SIGTERM and SIGHUP as cancellation, a failure
// printed per issue, and the engine closed at the end whatever happens.

import { enableCompileCache } from 'node:module';
import { resolve } from 'node:path';
import type { PipelineDocument } from '../../engine/document/document-types.ts';
import type { Engine } from '../../engine/exec/engine.ts';
import { pipelineBaseDir } from '../services/pipeline-base.ts';

export interface PipelineSession {
  readonly document: PipelineDocument;
  readonly engine: Engine;
  /** Where the document's relative paths resolve: its folder (the current one for a shipped example). */
  readonly baseDir: string;
  /** The pipeline file, absolute. */
  readonly path: string;
  readonly signal: AbortSignal;
}

/** Runs `body` with the loaded pipeline; returns its exit code, 1 on failure, 130 when cancelled
 *  by Ctrl-C (143 by SIGTERM, 129 by SIGHUP). */
export async function withPipelineEngine(
  command: string, file: string, body: (session: PipelineSession) => Promise<number>,
  /** `prestart: false`: start no worker threads ahead (a preview that stops at its first rows
   *  mostly needs none; the engine starts them if the node needs them after all). */
  options: { readonly prestart?: boolean } = {},
): Promise<number> {
  // The engine loads after the compile cache is on: a fresh process then skips stripping and
  // compiling the TypeScript modules again (most of a small run's start-up time).
  enableCompileCache();
  const path = resolve(file);
  // Worker threads for a big pipeline start loading now, beside this thread's own start-up.
  const { prestartPoolForFile } = await import('../../engine/exec/prestart.ts');
  const pool = options.prestart === false ? undefined : await prestartPoolForFile(path);
  const { loadDocumentFile } = await import('../../engine/document/load.ts');
  const { Engine } = await import('../../engine/exec/engine.ts');
  const { PipelineError } = await import('../../engine/errors.ts');
  const { document, issues } = await loadDocumentFile(path);
  // A document with problems is refused whole, as the studio and the engine refuse it: the
  // document returned beside them is what could be read (a repeated node left out), not the file.
  if (!document || issues.length > 0) {
    const { printIssues } = await import('./format-issue.ts');
    await pool?.close();
    return printIssues(issues, file, document);
  }
  const engine = new Engine(pool ? { pool } : {});
  const controller = new AbortController();
  // SIGTERM (kill, a service manager) and SIGHUP (the terminal closed) cancel the run as Ctrl-C
  // does, so the engine removes its temporary outputs; the exit code is 128 + the signal's number.
  let exitCode = 130;
  const handlers = CANCEL_SIGNALS.map(([signal, code]) => {
    const handler = (): void => { exitCode = code; controller.abort(); };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  try {
    const code = await body({ document, engine, baseDir: pipelineBaseDir(path, process.cwd()), path, signal: controller.signal });
    return controller.signal.aborted && code === 130 ? exitCode : code;
  } catch (e) {
    if (e instanceof PipelineError) for (const i of e.issues) console.error(`${file}: ${i.message}`);
    else console.error(`tributary ${command}: ${e instanceof Error ? e.message : String(e)}`);
    return controller.signal.aborted ? exitCode : 1;
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    await engine.close();
  }
}

const CANCEL_SIGNALS: readonly (readonly [NodeJS.Signals, number])[] = [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]];
