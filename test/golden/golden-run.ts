// Computes what a golden record's body should be: the plan text of an `explain` record, the
// rows of a `rows` record, for the pipeline given by the nearest `pipeline` record above it.

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import type { PipelineDocument } from '../../engine/document/document-types.ts';
import { parseDocument } from '../../engine/document/load.ts';
import { compile } from '../../engine/compile.ts';
import { explainPlan } from '../../engine/logical/explain.ts';
import { explainPhysical } from '../../engine/physical/explain-physical.ts';
import { compactToDocument } from './golden-format.ts';
import type { GoldenRecord } from './golden-format.ts';

/** The document of a `pipeline` record, or the problems that stop it loading. */
export async function pipelineDocument(file: string, dir: string, rec: GoldenRecord & { kind: 'pipeline' }): Promise<PipelineDocument> {
  const raw: unknown = rec.file
    ? JSON.parse(await readFile(resolve(dir, rec.file), 'utf8'))
    : compactToDocument(file, rec.line, rec.body);
  const { document, issues } = parseDocument(raw);
  if (!document) throw new Error(`${file}:${rec.line}: the pipeline does not load:\n${issues.map((i) => `  ${i.message}`).join('\n')}`);
  return document;
}

/** `explain` body: `rules fired: ...` then the optimized plan; with --no-optimize the logical
 *  plan; with --physical the physical plan of a run. Build problems come out as `error: ...` lines, so a golden can expect them too. */
export async function explainLines(doc: PipelineDocument, args: readonly string[], baseDir: string): Promise<string[]> {
  const physical = args.includes('--physical');
  const compiled = await compile(doc, {
    baseDir, optimize: !args.includes('--no-optimize'),
    disabledRules: args.flatMap((a, i) => (args[i - 1] === '--disable' ? [a] : [])),
    ...(physical ? { physical: { target: { kind: 'run' }, defaultPartitions: 2 } } : {}),
  });
  if (!compiled.logical || !compiled.optimized) return compiled.issues.map((i) => `error: ${i.message}`);
  if (args.includes('--no-optimize')) return explainPlan(compiled.logical, { baseDir }).split('\n');
  if (physical) {
    if (!compiled.physical) throw compiled.physicalError ?? new Error('no physical plan');
    return explainPhysical(compiled.physical, { baseDir }).split('\n');
  }
  const fired = compiled.rulesFired;
  return [`rules fired: ${fired.length ? fired.join(', ') : '(none)'}`, ...explainPlan(compiled.optimized, { baseDir }).split('\n')];
}

/** A value as a golden `rows` line shows it. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(12)));
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return v === '' ? '(empty)' : v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && Symbol.iterator in v) return `[${Array.from(v as Iterable<unknown>, formatValue).join(', ')}]`;
  return JSON.stringify(v);
}

export function rowLines(batches: readonly RecordBatch[], names: readonly string[], sorted: boolean): string[] {
  const rows: string[] = [];
  for (const b of batches) {
    const cols = names.map((_, c) => b.getChildAt(c));
    for (let r = 0; r < b.numRows; r++) rows.push(cols.map((col) => formatValue(col?.get(r))).join(' | '));
  }
  if (sorted) rows.sort();
  return [names.join(' | '), ...rows];
}

/** The node a `rows` record previews: `node=ID`, else the last node that has an output. */
export function rowsNode(doc: PipelineDocument, rec: GoldenRecord & { kind: 'rows' }): string {
  if (rec.node) return rec.node;
  const withOutput = doc.nodes.filter((n) => !n.kind.startsWith('sink.'));
  const last = withOutput[withOutput.length - 1];
  if (!last) throw new Error(`line ${rec.line}: the pipeline has no node with an output to show rows of`);
  return last.id;
}
