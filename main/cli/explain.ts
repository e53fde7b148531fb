// `tributary explain FILE [--physical] [--no-optimize] [--disable RULE]...`: prints the logical
// plan, the optimized plan (with the rules that fired) and, with --physical, the physical plan
// with stages, exchanges and partitioning. Problems in the document print like `validate`'s
// (one line each, naming node, port or param) and exit 1; bad usage exits 2.

import { resolve } from 'node:path';
import { pipelineBaseDir } from '../services/pipeline-base.ts';
import { loadDocumentFile } from '../../engine/document/load.ts';
import { compile } from '../../engine/compile.ts';
import { printIssues } from './format-issue.ts';
import { explainPlan } from '../../engine/logical/explain.ts';
import { explainPhysical } from '../../engine/physical/explain-physical.ts';
import { ruleNames } from '../../engine/optimizer/optimizer.ts';
import type { PipelineDocument } from '../../engine/document/document-types.ts';

const USAGE = 'usage: tributary explain FILE [--physical] [--no-optimize] [--disable RULE]...';

export interface ExplainArgs {
  readonly file: string;
  readonly physical: boolean;
  readonly optimize: boolean;
  readonly disabled: string[];
}

/** Parsed arguments, or the problem with them. */
export function parseExplainArgs(argv: readonly string[]): ExplainArgs | string {
  let file: string | undefined;
  let physical = false, doOptimize = true;
  const disabled: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--physical') physical = true;
    else if (a === '--no-optimize') doOptimize = false;
    else if (a === '--disable' || a.startsWith('--disable=')) {
      const name = a === '--disable' ? argv[++i] : a.slice('--disable='.length);
      if (!name) return `--disable expects a rule name, one of: ${ruleNames().join(', ')}`;
      if (!ruleNames().includes(name)) return `unknown rule '${name}' for --disable: expected one of ${ruleNames().join(', ')}`;
      disabled.push(name);
    } else if (a.startsWith('--')) return `unknown option '${a}'`;
    else if (file === undefined) file = a;
    else return `one FILE only (got '${file}' and '${a}')`;
  }
  if (!file) return 'missing FILE';
  return { file, physical, optimize: doOptimize, disabled };
}

/** The explain text for a loaded document; issues instead when it does not compile. */
export async function explainDocument(doc: PipelineDocument, args: Omit<ExplainArgs, 'file'>, baseDir: string):
Promise<{ text?: string; issues: { message: string }[] }> {
  const compiled = await compile(doc, {
    baseDir, optimize: args.optimize, disabledRules: args.disabled,
    ...(args.physical ? { physical: { target: { kind: 'run' } } } : {}),
  });
  if (!compiled.logical || !compiled.optimized) return { issues: [...compiled.issues] };
  const sections = ['== Logical plan ==', explainPlan(compiled.logical, { baseDir })];
  if (args.optimize) {
    const fired = compiled.rulesFired;
    sections.push('', '== Optimized plan ==', `rules fired: ${fired.length ? fired.join(', ') : '(none)'}`, explainPlan(compiled.optimized, { baseDir }));
  }
  if (args.physical) {
    sections.push('', '== Physical plan ==', compiled.physical
      ? explainPhysical(compiled.physical)
      : `(physical plan not available: ${compiled.physicalError?.message ?? 'unknown error'})`);
  }
  return { text: sections.join('\n'), issues: [] };
}

export async function run(argv: readonly string[]): Promise<number> {
  const args = parseExplainArgs(argv);
  if (typeof args === 'string') {
    console.error(`tributary explain: ${args}\n${USAGE}`);
    return 2;
  }
  const path = resolve(args.file);
  const { document, issues } = await loadDocumentFile(path);
  if (!document || issues.length > 0) return printIssues(issues, args.file, document);
  const out = await explainDocument(document, args, pipelineBaseDir(path, process.cwd()));
  if (out.text === undefined) {
    for (const i of out.issues) console.error(`${args.file}: ${i.message}`);
    return 1;
  }
  console.log(out.text);
  return 0;
}
