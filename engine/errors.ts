// Errors a user can act on. Every problem names where it is (node, port or param, position in
// an expression), what was expected, and where a name is wrong, the closest valid one.

export interface PipelineIssue {
  /** The document node the problem is in; absent for document-level problems. */
  readonly nodeId?: string;
  readonly kind?: string;
  readonly port?: string;
  readonly param?: string;
  /** Character range in the param's expression text. */
  readonly span?: { readonly start: number; readonly end: number };
  /** One sentence a user can act on, e.g.
   *  "unknown column 'amout' in transform.filter 'big': did you mean 'amount'?" */
  readonly message: string;
}

/** Thrown when a document cannot be compiled or run; carries every issue found, not only the first. */
export class PipelineError extends Error {
  readonly issues: readonly PipelineIssue[];
  constructor(issues: readonly PipelineIssue[]) {
    super(issues.map((i) => i.message).join('\n'));
    this.name = 'PipelineError';
    this.issues = issues;
  }
}

/** Thrown while running: which node failed, and why. */
export class NodeExecutionError extends Error {
  readonly nodeId: string;
  constructor(nodeId: string, message: string, options?: { cause?: unknown }) {
    super(`node '${nodeId}': ${message}`, options);
    this.name = 'NodeExecutionError';
    this.nodeId = nodeId;
  }
}
