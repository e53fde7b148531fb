// `tributary run FILE [--partitions N] [--json]`: runs a pipeline. On a terminal a live progress
// bar per node, then a summary; piped: plain lines; --json: the RunResult with stage summaries.
// Exit code 0 when the run completed, 1 when it failed, 130 when cancelled (Ctrl-C).

import { dirname, resolve } from 'node:path';
import { enableCompileCache } from 'node:module';
import type { PipelineError as PipelineErrorType } from '../../engine/errors.ts';
import { ProgressView } from './run-progress.ts';

const USAGE = 'usage: tributary run FILE [--partitions N] [--json]';

export async function run(argv: readonly string[]): Promise<number> {
  let file: string | undefined;
  let partitions: number | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--partitions') partitions = Number(argv[++i]);
    else if (a === '--json') json = true;
    else if (a.startsWith('--')) return usage(`unknown option '${a}'`);
    else file = a;
  }
  if (!file) return usage('missing FILE');
  if (partitions !== undefined && (!Number.isInteger(partitions) || partitions < 1)) {
    return usage('--partitions expects a whole number from 1, e.g. --partitions 4');
  }
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
  const view = json ? undefined : new ProgressView(process.stdout.isTTY === true, (s) => process.stdout.write(s));
  const engine = new Engine(pool ? { pool } : {});
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await engine.run(document, {
      baseDir: dirname(path), signal: controller.signal,
      ...(partitions !== undefined ? { partitions } : {}),
      ...(view ? { onEvent: (e) => view.onEvent(e) } : {}),
    });
    if (json) console.log(JSON.stringify(result, null, 2));
    else console.log(`\n${view!.summary(result)}`);
    return result.status === 'COMPLETED' ? 0 : result.status === 'CANCELLED' ? 130 : 1;
  } catch (e) {
    if (e instanceof PipelineError) for (const i of (e as PipelineErrorType).issues) console.error(`${file}: ${i.message}`);
    else console.error(`tributary run: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
    await engine.close();
  }
}

function usage(problem: string): number {
  console.error(`tributary run: ${problem}\n${USAGE}`);
  return 2;
}
