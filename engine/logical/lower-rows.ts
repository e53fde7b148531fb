// Lowering of the transforms that keep the input's columns: filter, dropNulls, sort, limit,
// distinct, repartition.

import type { Expr } from './expr.ts';
import type { SortKey } from './plan.ts';
import { expression, fail, input, label, requireColumn, type LowerContext, type Lowered } from './lower-context.ts';

export function lowerFilter(ctx: LowerContext): Lowered {
  const inPlan = input(ctx);
  const condition = expression(ctx, ctx.params.condition as string, inPlan.schema, 'condition');
  if (!condition) return undefined;
  if (condition.type !== 'bool' && condition.type !== 'null') {
    return fail(ctx, { param: 'condition', ...(condition.span ? { span: condition.span } : {}) },
      `condition of ${label(ctx)} must be true/false, got ${condition.type}: compare it, e.g. x > 0`);
  }
  const typed: Expr = condition.type === 'null' ? { ...condition, type: 'bool' } : condition;
  return { out: { op: 'filter', nodeId: ctx.node.id, input: inPlan, condition: typed, schema: inPlan.schema } };
}

/** Checks a list-of-columns param; returns the names, or undefined after reporting unknown ones. */
export function columnList(ctx: LowerContext, param: string, port = 'in'): string[] | undefined {
  const schema = input(ctx, port).schema;
  const given = ctx.params[param] as string[] | undefined;
  if (given === undefined) return schema.fields.map((f) => f.name);
  const ok = given.map((name, i) => requireColumn(ctx, schema, name, `${param}[${i}]`)).every((f) => f !== undefined);
  return ok ? given : undefined;
}

export function lowerDropNulls(ctx: LowerContext): Lowered {
  const inPlan = input(ctx);
  const columns = columnList(ctx, 'columns');
  if (!columns) return undefined;
  const conjuncts: Expr[] = columns.map((name) => ({
    kind: 'isNull', negated: true, type: 'bool',
    operand: { kind: 'column', name, type: inPlan.schema.fields.find((f) => f.name === name)!.type },
  }));
  const condition = conjuncts.length === 0
    ? { kind: 'literal', value: true, type: 'bool' } as Expr
    : conjuncts.reduce((a, b) => ({ kind: 'binary', op: 'and', left: a, right: b, type: 'bool' }));
  const schema = { fields: inPlan.schema.fields.map((f) => (columns.includes(f.name) ? { ...f, nullable: false } : f)) };
  return { out: { op: 'filter', nodeId: ctx.node.id, input: inPlan, condition, schema } };
}

export function lowerSort(ctx: LowerContext): Lowered {
  const inPlan = input(ctx);
  // A bare column name is the catalog's shorthand for { column } (as in transform.select).
  const given = (ctx.params.keys as (string | { column: string; descending?: boolean; nullsFirst?: boolean })[])
    .map((k) => (typeof k === 'string' ? { column: k } : k));
  const keys: SortKey[] = [];
  let ok = true;
  given.forEach((k, i) => {
    const field = requireColumn(ctx, inPlan.schema, k.column, `keys[${i}].column`);
    if (!field) { ok = false; return; }
    if (field.type === 'vector') {
      ok = !!fail(ctx, { param: `keys[${i}].column` }, `cannot sort by vector column '${k.column}' in ${label(ctx)}: sort by a number or text column`);
      return;
    }
    const descending = k.descending ?? false;
    // Spark's default: nulls first when ascending, last when descending.
    keys.push({ column: k.column, descending, nullsFirst: k.nullsFirst ?? !descending });
  });
  return ok ? { out: { op: 'sort', nodeId: ctx.node.id, input: inPlan, keys, schema: inPlan.schema } } : undefined;
}

export function lowerLimit(ctx: LowerContext): Lowered {
  const inPlan = input(ctx);
  const count = ctx.params.count as number;
  if (count < 0) return fail(ctx, { param: 'count' }, `count of ${label(ctx)} must be 0 or more, got ${count}`);
  return { out: { op: 'limit', nodeId: ctx.node.id, input: inPlan, count, schema: inPlan.schema } };
}

export function lowerDistinct(ctx: LowerContext): Lowered {
  const inPlan = input(ctx);
  const columns = columnList(ctx, 'columns');
  if (!columns) return undefined;
  const vector = columns.find((c) => inPlan.schema.fields.find((f) => f.name === c)!.type === 'vector');
  if (vector) return fail(ctx, { param: 'columns' }, `cannot compare vector column '${vector}' in ${label(ctx)}: list the other columns in columns`);
  return { out: { op: 'distinct', nodeId: ctx.node.id, input: inPlan, columns, schema: inPlan.schema } };
}

export function lowerRepartition(ctx: LowerContext): Lowered {
  const inPlan = input(ctx);
  const partitions = ctx.params.partitions as number;
  if (partitions < 1) return fail(ctx, { param: 'partitions' }, `partitions of ${label(ctx)} must be 1 or more, got ${partitions}`);
  const by = columnList(ctx, 'by');
  if (!by) return undefined;
  return { out: { op: 'repartition', nodeId: ctx.node.id, input: inPlan, partitions, by, schema: inPlan.schema } };
}
