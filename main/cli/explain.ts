// `tributary explain FILE [--physical] [--no-optimize] [--disable RULE]...`: prints the logical
// plan, the optimized plan (with the rules that fired) and, with --physical, the physical plan
// with stages, exchanges and partitioning. Problems in the document print like `validate`'s
// (one line each, naming node, port or param) and exit 1; bad usage exits 2.

import { dirname, resolve } from 'node:path';
import { loadDocumentFile } from '../../engine/document/load.ts';
import { printIssues } from './format-issue.ts';
import { buildPlan } from '../../engine/logical/build.ts';
import { explainPlan } from '../../engine/logical/explain.ts';
import { optimize, ruleNames } from '../../engine/optimizer/optimizer.ts';
import type { PipelinePlan } from '../../engine/logical/plan.ts';
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
  const built = await buildPlan(doc, { baseDir });
  if (!built.plan || built.issues.length > 0) return { issues: built.issues };
  const sections = ['== Logical plan ==', explainPlan(built.plan, { baseDir })];
  let runPlan: PipelinePlan = built.plan;
  if (args.optimize) {
    const threshold = doc.settings?.broadcastThresholdBytes;
    const { plan, fired } = optimize(built.plan, {
      disabled: args.disabled, ...(threshold !== undefined ? { broadcastThresholdBytes: threshold } : {}),
    });
    runPlan = plan;
    sections.push('', '== Optimized plan ==', `rules fired: ${fired.length ? fired.join(', ') : '(none)'}`, explainPlan(plan, { baseDir }));
  }
  if (args.physical) sections.push('', '== Physical plan ==', await physicalText(runPlan, doc));
  return { text: sections.join('\n'), issues: [] };
}

async function physicalText(plan: PipelinePlan, doc: PipelineDocument): Promise<string> {
  try {
    const { planPhysical } = await import('../../engine/physical/planner.ts');
    const { explainPhysical } = await import('../../engine/physical/explain-physical.ts');
    const mlStages = await (await import('../../engine/physical/plan-ml.ts')).loadMlStages(plan);
    const threshold = doc.settings?.broadcastThresholdBytes;
    const partitions = doc.settings?.partitions ?? (await import('node:os')).availableParallelism();
    return explainPhysical(planPhysical(plan, {
      partitions, target: { kind: 'run' }, ...(threshold !== undefined ? { broadcastThresholdBytes: threshold } : {}),
      ...(mlStages ? { mlStages } : {}),
    }));
  } catch (e) {
    return `(physical plan not available: ${e instanceof Error ? e.message : String(e)})`;
  }
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
  const out = await explainDocument(document, args, dirname(path));
  if (out.text === undefined) {
    for (const i of out.issues) console.error(`${args.file}: ${i.message}`);
    return 1;
  }
  console.log(out.text);
  return 0;
}
