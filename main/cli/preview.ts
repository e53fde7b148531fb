// `tributary preview FILE --node ID [--limit N] [--format table|csv|json] [--partitions N] [--memory SIZE] [--count]`:
// prints the output of one node of a pipeline. It stops once it has the first rows (the total
// comes from Parquet footers where they tell it); --count computes the node completely to count it.

import { formatCsv, formatJson, formatTable, rowsOf } from './preview-format.ts';
import { withPipelineEngine } from './with-engine.ts';

const USAGE = 'usage: tributary preview FILE --node ID [--limit N] [--format table|csv|json] [--partitions N] [--memory SIZE] [--count]';

export async function run(argv: readonly string[]): Promise<number> {
  let file: string | undefined;
  let nodeId: string | undefined;
  let limit = 20;
  let format = 'table';
  let partitions: number | undefined;
  let count = false;
  let memory: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--node') nodeId = argv[++i];
    else if (a === '--limit') limit = Number(argv[++i]);
    else if (a === '--format') format = argv[++i] ?? '';
    else if (a === '--partitions') partitions = Number(argv[++i]);
    else if (a === '--count') count = true;
    else if (a === '--memory') memory = argv[++i] ?? '';
    else if (a.startsWith('--')) return usage(`unknown option '${a}'`);
    else file = a;
  }
  if (!file) return usage('missing FILE');
  if (!nodeId) return usage('missing --node ID');
  if (!Number.isInteger(limit) || limit < 0) return usage('--limit expects a whole number of rows, e.g. --limit 50');
  if (partitions !== undefined && (!Number.isInteger(partitions) || partitions < 1)) return usage('--partitions expects a whole number from 1, e.g. --partitions 4');
  if (!['table', 'csv', 'json'].includes(format)) return usage(`--format expects table, csv or json, not '${format}'`);
  let memoryBudgetBytes: number | undefined;
  try {
    if (memory !== undefined) memoryBudgetBytes = (await import('../../engine/exec/memory/budget.ts')).parseMemorySize(memory);
  } catch (e) {
    return usage((e as Error).message);
  }
  return withPipelineEngine('preview', file, async ({ document, engine, baseDir, signal }) => {
    const out = await engine.preview(document, nodeId, {
      baseDir, limit, signal, count: count ? 'exact' : 'later', ...(partitions !== undefined ? { partitions } : {}),
      ...(memoryBudgetBytes !== undefined ? { memoryBudgetBytes } : {}),
    });
    const rows = rowsOf(out.schema, out.batches);
    if (format === 'json') console.log(formatJson(out.schema, rows));
    else if (format === 'csv') console.log(formatCsv(out.schema, rows));
    else {
      console.log(formatTable(out.schema, rows));
      const total = out.totalRowsExact ? `${out.totalRows}` : `at least ${out.totalRows} (not counted: add --count)`;
      console.log(`(${rows.length} of ${total} rows of '${nodeId}', ${out.durationMs.toFixed(0)} ms)`);
    }
    return 0;
  }, { prestart: count });
}

function usage(problem: string): number {
  console.error(`tributary preview: ${problem}\n${USAGE}`);
  return 2;
}
