// What every lowering function (document node -> plan node) shares: the node, its params with
// defaults, its input plans by port, the readers of what lies on disk, and the issue list it
// appends to.

import type { DocumentNode } from '../document/document-types.ts';
import type { KindDef } from '../document/catalog-types.ts';
import type { PipelineIssue } from '../errors.ts';
import type { Expr, Span } from './expr.ts';
import type { LogicalPlan } from './plan.ts';
import type { Field, Schema } from '../types.ts';
import type { PathPolicy } from '../path-policy.ts';
import type { SchemaReaders } from './schema-readers.ts';
import { didYouMean } from '../document/closest.ts';
import { ExprSyntaxError, parseExpr } from './parse-expr.ts';
import { checkExpr } from './check-expr.ts';

export interface LowerContext {
  readonly node: DocumentNode;
  readonly def: KindDef;
  /** The node's params with catalog defaults filled in. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Input plans by port name (only connected ports). */
  readonly inputs: ReadonlyMap<string, LogicalPlan>;
  readonly baseDir: string;
  /** Which files the document's path params may name (engine/path-policy.ts); buildPlan
   *  always sets it (absent: any path, as the CLI). */
  readonly pathPolicy?: PathPolicy;
  /** Sources' schemas and saved models' stages, read from disk by the caller's readers. */
  readonly readers: SchemaReaders;
  readonly issues: PipelineIssue[];
}

/** Output plans by port name; undefined when the node has problems (already reported). */
export type Lowered = Record<string, LogicalPlan> | undefined;

export function label(ctx: LowerContext): string { return `${ctx.def.kind} '${ctx.node.id}'`; }

export function fail(ctx: LowerContext, at: { param?: string; port?: string; span?: Span }, message: string): undefined {
  ctx.issues.push({ nodeId: ctx.node.id, kind: ctx.def.kind, ...at, message });
  return undefined;
}

export function input(ctx: LowerContext, port = 'in'): LogicalPlan {
  const plan = ctx.inputs.get(port);
  if (!plan) throw new Error(`internal: ${label(ctx)} lowered without its input '${port}'`);
  return plan;
}

/** The field `name` of `schema`, or an issue with the closest column name. */
export function requireColumn(ctx: LowerContext, schema: Schema, name: string, param: string, port?: string): Field | undefined {
  const field = schema.fields.find((f) => f.name === name);
  if (field) return field;
  const names = schema.fields.map((f) => f.name);
  const side = port && ctx.def.inputs.length > 1 ? ` (input ${port})` : '';
  const hint = didYouMean(name, names, `: the columns are ${names.join(', ')}`);
  return fail(ctx, { param, ...(port ? { port } : {}) }, `unknown column '${name}' in ${label(ctx)}${side}${hint}`);
}

/** Parses and type-checks an expression param against `schema`; `subject` names the part of the
 *  node it belongs to in messages (`column 'month'` of a derive). */
export function expression(ctx: LowerContext, text: string, schema: Schema, param: string, subject?: string): Expr | undefined {
  let parsed: Expr;
  try {
    parsed = parseExpr(text);
  } catch (e) {
    if (!(e instanceof ExprSyntaxError)) throw e;
    return fail(ctx, { param, span: e.span }, `${e.message} (in ${subject ? `${subject} of ` : ''}${label(ctx)})`);
  }
  const checked = checkExpr(parsed, schema, { nodeId: ctx.node.id, kind: ctx.def.kind, param, ...(subject ? { subject } : {}) });
  ctx.issues.push(...checked.issues);
  return checked.expr;
}

/** A typed reference to a column of `schema`. */
export function columnRef(field: Field): Expr {
  return { kind: 'column', name: field.name, type: field.type };
}

/** Whether a checked expression can be null (conservative: true when unsure). */
export function mayBeNull(e: Expr, schema: Schema): boolean {
  switch (e.kind) {
    case 'column': return schema.fields.find((f) => f.name === e.name)?.nullable ?? true;
    case 'literal': return e.value === null;
    case 'isNull': return false;
    case 'call':
      if (e.fn === 'coalesce') return e.args.every((a) => mayBeNull(a, schema));
      return e.args.some((a) => mayBeNull(a, schema)) || ['sqrt', 'ln', 'log10', 'pow'].includes(e.fn);
    case 'binary': return e.op === '/' || e.op === '%' || mayBeNull(e.left, schema) || mayBeNull(e.right, schema);
    case 'unary': return mayBeNull(e.operand, schema);
    default: return true;
  }
}

/** A field for a checked expression's output column. */
export function fieldOf(name: string, e: Expr, schema: Schema): Field {
  const source = e.kind === 'column' ? schema.fields.find((f) => f.name === e.name) : undefined;
  return {
    name, type: e.type as Field['type'], nullable: mayBeNull(e, schema),
    ...(source?.vectorSize !== undefined ? { vectorSize: source.vectorSize } : {}),
  };
}
