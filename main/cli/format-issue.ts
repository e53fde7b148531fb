// One issue as the CLI prints it: `node 'big' (transform.filter) param condition: message`, and
// for a problem inside an expression, the expression with a caret line under the span.

import type { PipelineDocument } from '../../engine/document/document-types.ts';
import type { PipelineIssue } from '../../engine/errors.ts';

/** The value at a param path such as `columns[1].expr` of a node's params. */
function valueAt(params: Readonly<Record<string, unknown>>, path: string): unknown {
  let v: unknown = params;
  for (const key of path.match(/[^.[\]]+/g) ?? []) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

export function formatIssue(issue: PipelineIssue, doc?: PipelineDocument): string {
  const where = [
    issue.nodeId !== undefined ? `node '${issue.nodeId}'${issue.kind ? ` (${issue.kind})` : ''}` : '',
    issue.port !== undefined ? `port ${issue.port}` : '',
    issue.param !== undefined ? `param ${issue.param}` : '',
  ].filter(Boolean).join(' ');
  const lines = [where ? `${where}: ${issue.message}` : issue.message];
  const node = doc?.nodes.find((n) => n.id === issue.nodeId);
  const text = node && issue.param !== undefined ? valueAt(node.params, issue.param) : undefined;
  if (issue.span && typeof text === 'string' && !text.includes('\n')) {
    const width = Math.max(1, issue.span.end - issue.span.start);
    lines.push(`    ${text}`, `    ${' '.repeat(issue.span.start)}${'^'.repeat(width)}`);
  }
  return lines.join('\n');
}

/** The issues without repeats (the same message about the same place), in their first order. */
export function uniqueIssues(issues: readonly PipelineIssue[]): PipelineIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = JSON.stringify([i.nodeId, i.port, i.param, i.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Prints every issue of `file` and the count, as `validate` does; returns exit code 1. */
export function printIssues(issues: readonly PipelineIssue[], file: string, doc?: PipelineDocument): number {
  for (const issue of issues) console.error(formatIssue(issue, doc));
  console.error(`${issues.length} problem${issues.length === 1 ? '' : 's'} in ${file}`);
  return 1;
}
