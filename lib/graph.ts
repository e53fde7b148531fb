// The nodes and edges a pipeline's builder calls have made so far: one document node per call.
// Each call is checked as it is made, with the engine's own messages (params against the catalog,
// expression syntax), so a mistake fails at the line that made it; column names and types need
// the sources' schemas and are checked by validate() / run() (engine/logical/build.ts).

import type { DocumentEdge, DocumentNode } from '../engine/document/document-types.ts';
import type { PipelineIssue } from '../engine/errors.ts';
import { PipelineError } from '../engine/errors.ts';
import { kindDef } from '../engine/document/catalog.ts';
import type { KindDef, ParamDef } from '../engine/document/catalog-types.ts';
import { checkParams } from '../engine/document/param-schema.ts';
import { NODE_ID } from '../engine/document/load.ts';
import { ExprSyntaxError, parseExpr } from '../engine/logical/parse-expr.ts';

/** One output port of a node: what a builder call returns and later calls take as input. */
export interface PortRef {
  readonly graph: PipelineGraph;
  readonly node: string;
  /** The port, named in edges only when the node has several outputs (feature.split). */
  readonly port?: string;
}

export class PipelineGraph {
  readonly nodes: DocumentNode[] = [];
  readonly edges: DocumentEdge[] = [];
  private readonly ids = new Set<string>();

  /** Adds a node of `kind` fed by `inputs` (port name -> output), after checking it. */
  add(kind: string, params: Record<string, unknown>, inputs: Readonly<Record<string, PortRef | undefined>>, id?: string): string {
    const def = kindDef(kind);
    if (!def) throw new PipelineError([{ kind, message: `unknown kind '${kind}'` }]);
    const nodeId = id ?? this.freshId(kind);
    if (!NODE_ID.test(nodeId)) {
      throw new PipelineError([{ nodeId, kind, message: `invalid id '${nodeId}' of ${kind}: an id starts with a letter or _ and holds only letters, digits, _ and -` }]);
    }
    if (this.ids.has(nodeId)) {
      throw new PipelineError([{ nodeId, kind, message: `duplicate node id '${nodeId}' (${kind}): every node needs its own id` }]);
    }
    const clean = dropUndefined(params);
    const issues = [...checkParams(nodeId, def, clean), ...expressionIssues(nodeId, def, clean)];
    for (const port of def.inputs) {
      const from = inputs[port.name];
      if (from === undefined) {
        if (!port.optional) issues.push({ nodeId, kind, port: port.name, message: `input '${port.name}' of ${kind} '${nodeId}' is not given` });
        continue;
      }
      if (from.graph !== this) {
        issues.push({ nodeId, kind, port: port.name, message: `input '${port.name}' of ${kind} '${nodeId}' comes from another pipeline: build both in one pipeline()` });
      }
    }
    if (issues.length > 0) throw new PipelineError(issues);
    this.ids.add(nodeId);
    this.nodes.push({ id: nodeId, kind, params: clean });
    for (const port of def.inputs) {
      const from = inputs[port.name];
      if (!from) continue;
      const fromText = from.port === undefined ? from.node : `${from.node}.${from.port}`;
      this.edges.push({ from: fromText, to: def.inputs.length === 1 ? nodeId : `${nodeId}.${port.name}` });
    }
    return nodeId;
  }

  /** `filter`, `filter_2`, ...: the short kind name, numbered from the second node of a kind. */
  private freshId(kind: string): string {
    const base = kind.slice(kind.lastIndexOf('.') + 1);
    for (let n = 1; ; n++) {
      const id = n === 1 ? base : `${base}_${n}`;
      if (!this.ids.has(id)) return id;
    }
  }
}

function dropUndefined(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
}

/** Syntax errors of the expression params, worded as buildPlan words them. */
function expressionIssues(nodeId: string, def: KindDef, params: Record<string, unknown>): PipelineIssue[] {
  const issues: PipelineIssue[] = [];
  const check = (p: ParamDef, value: unknown, param: string): void => {
    if (p.type !== 'expression' || typeof value !== 'string') return;
    try {
      parseExpr(value);
    } catch (e) {
      if (!(e instanceof ExprSyntaxError)) throw e;
      issues.push({ nodeId, kind: def.kind, param, span: e.span, message: `${e.message} (in ${def.kind} '${nodeId}')` });
    }
  };
  for (const p of def.params) {
    const value = params[p.name];
    check(p, value, p.name);
    if (p.type !== 'records' || !Array.isArray(value)) continue;
    value.forEach((rec: unknown, i) => {
      if (typeof rec !== 'object' || rec === null) return;
      for (const f of p.fields ?? []) check(f, (rec as Record<string, unknown>)[f.name], `${p.name}[${i}].${f.name}`);
    });
  }
  return issues;
}
