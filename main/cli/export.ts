// `tributary export FILE --to TARGET [-o OUT]`: writes the pipeline as a standalone program
// (engine/export/targets.ts: ts = a TypeScript script on the tributary library). Without -o the
// program goes to stdout. Exit code 1 when the pipeline has problems (each printed), 2 on bad usage.

import { resolve } from 'node:path';
import { loadDocumentFile } from '../../engine/document/load.ts';
import { PipelineError } from '../../engine/errors.ts';
import { EXPORT_TARGETS } from '../../engine/export/targets.ts';
import { writeFileAtomic } from '../services/atomic-write.ts';
import { formatIssue } from './format-issue.ts';

const TARGETS = Object.keys(EXPORT_TARGETS);
const USAGE = `usage: tributary export FILE --to ${TARGETS.join('|')} [-o OUT]`;

export async function run(argv: readonly string[]): Promise<number> {
  let file: string | undefined;
  let to: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      console.log(`${USAGE}\n\nWrites the pipeline as a program that runs without the studio:\n${
        TARGETS.map((k) => `  ${k}  ${EXPORT_TARGETS[k]!.title}`).join('\n')}\nWithout -o it is printed.`);
      return 0;
    }
    if (a === '--to') to = argv[++i];
    else if (a === '-o' || a === '--out') out = argv[++i];
    else if (a.startsWith('-')) return usage(`unknown option '${a}'`);
    else if (file === undefined) file = a;
    else return usage(`one FILE only, got '${file}' and '${a}'`);
  }
  if (!file) return usage('missing FILE');
  if (to === undefined) return usage(`missing --to (one of ${TARGETS.join(', ')})`);
  const target = EXPORT_TARGETS[to];
  if (!target) return usage(`unknown target '${to}': the targets are ${TARGETS.join(', ')}`);
  if (out === '') return usage('-o expects a file name, e.g. -o pipeline.ts');
  const path = resolve(file);
  const { document, issues } = await loadDocumentFile(path);
  if (!document || issues.length > 0) return problems(issues, document);
  let code: string;
  try {
    code = target.exportPipeline(document, { pipelinePath: path });
  } catch (e) {
    if (e instanceof PipelineError) return problems(e.issues, document);
    throw e;
  }
  if (out === undefined) {
    process.stdout.write(code);
    return 0;
  }
  await writeFileAtomic(resolve(out), code);
  console.error(`wrote ${out} (${to}, ${document.nodes.length} nodes)`);
  return 0;
}

function problems(issues: readonly import('../../engine/errors.ts').PipelineIssue[], doc: Parameters<typeof formatIssue>[1]): number {
  for (const issue of issues) console.error(formatIssue(issue, doc));
  console.error(`tributary export: the pipeline has ${issues.length} problem${issues.length === 1 ? '' : 's'}; fix ${issues.length === 1 ? 'it' : 'them'} first`);
  return 1;
}

function usage(problem: string): number {
  console.error(`tributary export: ${problem}\n${USAGE}`);
  return 2;
}
