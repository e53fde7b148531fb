// How any failure crosses the boundary: the message, plus the issues when the document was at
// fault (a PipelineError), so the studio can put each one on its node.

import type { ApiError, PipelineIssue } from '../api.ts';

export function toApiError(error: unknown): ApiError {
  if (error instanceof Error) {
    const issues = (error as { issues?: unknown }).issues;
    if (Array.isArray(issues)) return { message: error.message, issues: issues as PipelineIssue[] };
    return { message: error.message };
  }
  return { message: String(error) };
}

/** A failure the document caused, with every issue found. */
export class DocumentIssuesError extends Error {
  readonly issues: readonly PipelineIssue[];
  constructor(issues: readonly PipelineIssue[]) {
    super(issues.length === 0 ? 'the pipeline has problems' : issues.map((i) => i.message).join('\n'));
    this.name = 'DocumentIssuesError';
    this.issues = issues;
  }
}
