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
