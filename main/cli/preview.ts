// `tributary preview FILE --node ID [--limit N] [--format table|csv|json] [--partitions N]`:
// prints the output of one node of a pipeline.

import { dirname, resolve } from 'node:path';
import { enableCompileCache } from 'node:module';
import type { PipelineError as PipelineErrorType } from '../../engine/errors.ts';
import { formatCsv, formatJson, formatTable, rowsOf } from './preview-format.ts';

const USAGE = 'usage: tributary preview FILE --node ID [--limit N] [--format table|csv|json] [--partitions N]';

export async function run(argv: readonly string[]): Promise<number> {
  let file: string | undefined;
  let nodeId: string | undefined;
  let limit = 20;
  let format = 'table';
  let partitions: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--node') nodeId = argv[++i];
    else if (a === '--limit') limit = Number(argv[++i]);
    else if (a === '--format') format = argv[++i] ?? '';
    else if (a === '--partitions') partitions = Number(argv[++i]);
    else if (a.startsWith('--')) return usage(`unknown option '${a}'`);
    else file = a;
  }
  if (!file) return usage('missing FILE');
  if (!nodeId) return usage('missing --node ID');
  if (!Number.isInteger(limit) || limit < 0) return usage('--limit expects a whole number of rows, e.g. --limit 50');
  if (partitions !== undefined && (!Number.isInteger(partitions) || partitions < 1)) return usage('--partitions expects a whole number from 1, e.g. --partitions 4');
  if (!['table', 'csv', 'json'].includes(format)) return usage(`--format expects table, csv or json, not '${format}'`);
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
    const out = await engine.preview(document, nodeId, {
      baseDir: dirname(path), limit, signal: controller.signal, ...(partitions !== undefined ? { partitions } : {}),
    });
    const rows = rowsOf(out.schema, out.batches);
    if (format === 'json') console.log(formatJson(out.schema, rows));
    else if (format === 'csv') console.log(formatCsv(out.schema, rows));
    else {
      console.log(formatTable(out.schema, rows));
      console.log(`(${rows.length} of ${out.totalRows} rows of '${nodeId}', ${out.durationMs.toFixed(0)} ms)`);
    }
    return 0;
  } catch (e) {
    if (e instanceof PipelineError) for (const i of (e as PipelineErrorType).issues) console.error(`${file}: ${i.message}`);
    else console.error(`tributary preview: ${e instanceof Error ? e.message : String(e)}`);
    return controller.signal.aborted ? 130 : 1;
  } finally {
    process.off('SIGINT', onSigint);
    await engine.close();
  }
}

function usage(problem: string): number {
  console.error(`tributary preview: ${problem}\n${USAGE}`);
  return 2;
}
