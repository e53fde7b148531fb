// `tributary validate FILE`: loads the pipeline, infers every schema (reading metadata only) and
// prints "ok: N nodes, M edges", or every problem found; exit code 1 when there are problems.

import { resolve } from 'node:path';
import { pipelineBaseDir } from '../services/pipeline-base.ts';
import { loadDocumentFile } from '../../engine/document/load.ts';
import { compile } from '../../engine/compile.ts';
import { formatIssue, uniqueIssues } from './format-issue.ts';

export async function run(argv: readonly string[]): Promise<number> {
  const files = argv.filter((a) => !a.startsWith('-'));
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log('Usage: tributary validate FILE\n\nChecks a pipeline file and prints every problem (exit code 1), or "ok: N nodes, M edges".');
    return 0;
  }
  if (files.length !== 1 || files.length !== argv.length) {
    console.error('Usage: tributary validate FILE');
    return 2;
  }
  const path = resolve(files[0]!);
  const loaded = await loadDocumentFile(path);
  // Every problem of the file (loaded.issues), then what inference finds on top: buildPlan checks
  // the document again (the same parseDocument), so its repeats of the file's problems are dropped.
  let issues = loaded.issues;
  if (loaded.document) issues = uniqueIssues([...issues, ...(await compile(loaded.document, { baseDir: pipelineBaseDir(path, process.cwd()), optimize: false })).issues]);
  if (issues.length === 0) {
    const doc = loaded.document!;
    console.log(`ok: ${doc.nodes.length} node${doc.nodes.length === 1 ? '' : 's'}, ${doc.edges.length} edge${doc.edges.length === 1 ? '' : 's'}`);
    return 0;
  }
  for (const issue of issues) console.error(formatIssue(issue, loaded.document));
  console.error(`${issues.length} problem${issues.length === 1 ? '' : 's'} in ${path}`);
  return 1;
}
