// What a node's emitter sees: its params (catalog defaults filled in), the Python variables of its
// inputs and outputs, and ways to ask for helpers, imports and command-line paths.

import type { DocumentNode } from '../../document/document-types.ts';
import { PipelineError } from '../../errors.ts';
import { parseExpr } from '../../logical/parse-expr.ts';
import { toSparkSql } from './spark-sql.ts';
import type { HelperName } from './helpers.ts';

export interface PathArg {
  readonly option: string;
  readonly dest: string;
  readonly path: string;
  readonly help: string;
}

export interface EmitContext {
  readonly node: DocumentNode;
  readonly params: Readonly<Record<string, unknown>>;
  /** The variable holding what feeds input `port` (undefined for an unconnected optional input). */
  input(port?: string): string | undefined;
  /** The node that feeds input `port`. */
  inputNode(port?: string): DocumentNode | undefined;
  /** The node that feeds another node's first input. */
  inputNodeOf(node: DocumentNode): DocumentNode | undefined;
  /** The variable for output `port` of this node. */
  output(port?: string): string;
  need(helper: HelperName): void;
  /** An import line, e.g. 'from pyspark.ml.feature import Imputer'. */
  importing(module: string, name: string): void;
  /** `args.<dest>`: the path param as a command-line option whose default is the document's path. */
  pathArg(role: 'input' | 'output' | 'model folder'): string;
}

/** The Spark SQL text of an expression param, or a PipelineError naming node and param. */
export function sparkExpr(ctx: EmitContext, param: string, text: string): string {
  try {
    return toSparkSql(parseExpr(text));
  } catch (e) {
    throw new PipelineError([{ nodeId: ctx.node.id, kind: ctx.node.kind, param,
      message: `${ctx.node.kind} '${ctx.node.id}' ${param}: ${(e as Error).message}` }]);
  }
}

export function exportError(node: DocumentNode, message: string, param?: string): PipelineError {
  return new PipelineError([{ nodeId: node.id, kind: node.kind, ...(param ? { param } : {}), message: `${node.kind} '${node.id}': ${message}` }]);
}
