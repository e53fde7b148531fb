// Lowering of the transforms that change columns: select and derive (-> project), fillNulls
// (-> project with coalesce), aggregate (output types as Spark), union (by name or position).

import type { Expr } from './expr.ts';
import type { AggregateFn, AggregateItem, ProjectItem } from './plan.ts';
import type { DataType, Field, Schema } from '../types.ts';
import { isNumeric } from '../types.ts';
import { commonType, isTemporalText } from './expr-types.ts';
import { substituteColumns } from './substitute.ts';
import { columnRef, expression, fail, fieldOf, input, label, requireColumn, type LowerContext, type Lowered } from './lower-context.ts';
import { columnList } from './lower-rows.ts';

function project(ctx: LowerContext, items: ProjectItem[], fields: Field[]): Lowered {
  return { out: { op: 'project', nodeId: ctx.node.id, input: input(ctx), items, schema: { fields } } };
}

export function lowerSelect(ctx: LowerContext): Lowered {
  const schema = input(ctx).schema;
  const items: ProjectItem[] = [];
  const fields: Field[] = [];
  let ok = true;
  (ctx.params.columns as (string | { column: string; as?: string })[]).forEach((c, i) => {
    const { column, as } = typeof c === 'string' ? { column: c, as: undefined } : c;
    const field = requireColumn(ctx, schema, column, `columns[${i}].column`);
    if (!field) { ok = false; return; }
    const name = as ?? column;
    if (fields.some((f) => f.name === name)) {
      ok = !!fail(ctx, { param: `columns[${i}]` }, `duplicate output column '${name}' in ${label(ctx)}: rename one with "as"`);
      return;
    }
    items.push({ name, expr: columnRef(field) });
    fields.push({ ...field, name });
  });
  return ok ? project(ctx, items, fields) : undefined;
}

export function lowerDerive(ctx: LowerContext): Lowered {
  const inSchema = input(ctx).schema;
  const items: ProjectItem[] = inSchema.fields.map((f) => ({ name: f.name, expr: columnRef(f) }));
  const fields: Field[] = [...inSchema.fields];
  // Expressions refer to the columns as they are after the earlier entries; each is rewritten over the
  // input columns, so the whole derive is one projection of its input.
  const derived = new Map<string, Expr>();
  let ok = true;
  (ctx.params.columns as { name: string; expr: string }[]).forEach((c, i) => {
    const param = `columns[${i}].expr`;
    const e = expression(ctx, c.expr, { fields }, param, `column '${c.name}'`);
    if (!e) { ok = false; return; }
    if (e.type === 'null') {
      ok = !!fail(ctx, { param, ...(e.span ? { span: e.span } : {}) },
        `column '${c.name}' of ${label(ctx)} is always null: give it a type, e.g. cast(null as string)`);
      return;
    }
    const expr = substituteColumns(e, (name) => derived.get(name));
    const field = fieldOf(c.name, e, { fields });
    derived.set(c.name, expr);
    const at = fields.findIndex((f) => f.name === c.name);
    if (at >= 0) { fields[at] = field; items[at] = { name: c.name, expr }; } else { fields.push(field); items.push({ name: c.name, expr }); }
  });
  return ok ? project(ctx, items, fields) : undefined;
}

/** The literal (or date cast) that fills nulls of `field`, or an error text. */
function fillValue(value: unknown, field: Field): Expr | string {
  const t = field.type;
  if ((t === 'int32' || t === 'int64') && typeof value === 'number') {
    if (!Number.isInteger(value)) return `must be a whole number for ${t} column '${field.name}', got ${value}`;
    if (t === 'int32' && Math.abs(value) > 2147483647) return `${value} does not fit int32 column '${field.name}'`;
    return { kind: 'literal', value, type: t };
  }
  if (t === 'float64' && typeof value === 'number') return { kind: 'literal', value, type: t };
  if (t === 'string' && typeof value === 'string') return { kind: 'literal', value, type: t };
  if (t === 'bool' && typeof value === 'boolean') return { kind: 'literal', value, type: t };
  if ((t === 'date' || t === 'timestamp') && typeof value === 'string') {
    if (!isTemporalText(value, t)) return `'${value}' is not a valid ${t} for column '${field.name}': write it as '2024-01-31'${t === 'timestamp' ? " or '2024-01-31 13:45:00'" : ''}`;
    return { kind: 'cast', operand: { kind: 'literal', value, type: 'string' }, to: t, type: t };
  }
  const want: Record<DataType, string> = {
    int32: 'a whole number', int64: 'a whole number', float64: 'a number', string: 'a string', bool: 'true or false',
    date: "a date text such as '2024-01-31'", timestamp: "a timestamp text such as '2024-01-31 13:45:00'", vector: 'nothing: vectors cannot be filled',
  };
  return `value ${JSON.stringify(value)} does not fit ${t} column '${field.name}': expected ${want[t]}`;
}

export function lowerFillNulls(ctx: LowerContext): Lowered {
  const schema = input(ctx).schema;
  const values = ctx.params.values as Record<string, unknown>;
  const fills = new Map<string, Expr>();
  let ok = true;
  for (const [column, value] of Object.entries(values)) {
    const field = requireColumn(ctx, schema, column, `values.${column}`);
    if (!field) { ok = false; continue; }
    const fill = fillValue(value, field);
    if (typeof fill === 'string') { ok = !!fail(ctx, { param: `values.${column}` }, `${label(ctx)}: ${fill}`); continue; }
    fills.set(column, fill);
  }
  if (!ok) return undefined;
  const items = schema.fields.map((f): ProjectItem => {
    const fill = fills.get(f.name);
    return { name: f.name, expr: fill ? { kind: 'call', fn: 'coalesce', args: [columnRef(f), fill], type: f.type } : columnRef(f) };
  });
  return project(ctx, items, schema.fields.map((f) => (fills.has(f.name) ? { ...f, nullable: false } : f)));
}

const NUMERIC_ONLY: readonly AggregateFn[] = ['sum', 'avg', 'stddev', 'variance', 'median'];

function aggregateField(fn: AggregateFn, name: string, source: Field | undefined): Field {
  switch (fn) {
    case 'count': case 'count_distinct': return { name, type: 'int64', nullable: false };
    case 'sum': return { name, type: source!.type === 'float64' ? 'float64' : 'int64', nullable: true };
    case 'avg': case 'stddev': case 'variance': case 'median': return { name, type: 'float64', nullable: true };
    default: return { ...source!, name, nullable: true };
  }
}

export function lowerAggregate(ctx: LowerContext): Lowered {
  const inPlan = input(ctx);
  const schema = inPlan.schema;
  const groupBy = columnList(ctx, 'groupBy');
  if (!groupBy) return undefined;
  const fields: Field[] = groupBy.map((g) => schema.fields.find((f) => f.name === g)!);
  const vector = fields.find((f) => f.type === 'vector');
  if (vector) return fail(ctx, { param: 'groupBy' }, `cannot group by vector column '${vector.name}' in ${label(ctx)}`);
  const aggregations: AggregateItem[] = [];
  let ok = true;
  (ctx.params.aggregations as { fn: AggregateFn; column?: string; as?: string }[]).forEach((a, i) => {
    let source: Field | undefined;
    if (a.column === undefined) {
      if (a.fn !== 'count') { ok = !!fail(ctx, { param: `aggregations[${i}].column` }, `${a.fn} in ${label(ctx)} needs a column: add "column"`); return; }
    } else {
      source = requireColumn(ctx, schema, a.column, `aggregations[${i}].column`);
      if (!source) { ok = false; return; }
      if (NUMERIC_ONLY.includes(a.fn) && !isNumeric(source.type)) {
        ok = !!fail(ctx, { param: `aggregations[${i}].column` }, `${a.fn} in ${label(ctx)} needs a numeric column, but '${a.column}' is ${source.type}: use count, min, max or first, or cast it with transform.derive`);
        return;
      }
      if (source.type === 'vector' && a.fn !== 'first' && a.fn !== 'count') {
        ok = !!fail(ctx, { param: `aggregations[${i}].column` }, `${a.fn} in ${label(ctx)} cannot aggregate vector column '${a.column}': use first or count`);
        return;
      }
    }
    const as = a.as ?? (a.column === undefined ? 'count' : `${a.fn}_${a.column}`);
    if (fields.some((f) => f.name === as)) {
      ok = !!fail(ctx, { param: `aggregations[${i}].as` }, `duplicate output column '${as}' in ${label(ctx)}: give the aggregation another "as"`);
      return;
    }
    aggregations.push({ fn: a.fn, ...(a.column !== undefined ? { column: a.column } : {}), as });
    fields.push(aggregateField(a.fn, as, source));
  });
  if (!ok) return undefined;
  return { out: { op: 'aggregate', nodeId: ctx.node.id, input: inPlan, groupBy, aggregations, schema: { fields } } };
}

function unionField(ctx: LowerContext, a: Field, b: Field, param: string): Field | undefined {
  const t = commonType(a.type, b.type);
  if (t === undefined || t === 'null') {
    return fail(ctx, { param, port: 'in2' }, `column '${a.name}' is ${a.type} in in1 but ${b.type} in in2 ('${b.name}') of ${label(ctx)}: cast one side with transform.derive`);
  }
  return { name: a.name, type: t, nullable: a.nullable || b.nullable, ...(a.vectorSize !== undefined && a.vectorSize === b.vectorSize ? { vectorSize: a.vectorSize } : {}) };
}

export function lowerUnion(ctx: LowerContext): Lowered {
  const [p1, p2] = [input(ctx, 'in1'), input(ctx, 'in2')];
  const s1: Schema = p1.schema;
  const s2: Schema = p2.schema;
  const byName = ctx.params.byName as boolean;
  const fields: Field[] = [];
  if (byName) {
    const missing = s1.fields.filter((f) => !s2.fields.some((g) => g.name === f.name)).map((f) => f.name);
    const extra = s2.fields.filter((f) => !s1.fields.some((g) => g.name === f.name)).map((f) => f.name);
    if (missing.length || extra.length) {
      const parts = [missing.length ? `in2 lacks ${missing.join(', ')}` : '', extra.length ? `in2 has extra ${extra.join(', ')}` : ''].filter(Boolean);
      return fail(ctx, { port: 'in2', param: 'byName' }, `inputs of ${label(ctx)} have different columns (${parts.join('; ')}): make them match with transform.select or transform.derive, or set byName to false`);
    }
    for (const f of s1.fields) {
      const g = unionField(ctx, f, s2.fields.find((x) => x.name === f.name)!, 'byName');
      if (g) fields.push(g);
    }
  } else {
    if (s1.fields.length !== s2.fields.length) {
      return fail(ctx, { port: 'in2', param: 'byName' }, `inputs of ${label(ctx)} have ${s1.fields.length} and ${s2.fields.length} columns: a union by position needs the same number`);
    }
    s1.fields.forEach((f, i) => { const g = unionField(ctx, f, s2.fields[i]!, 'byName'); if (g) fields.push(g); });
  }
  if (fields.length !== s1.fields.length) return undefined;
  return { out: { op: 'union', nodeId: ctx.node.id, inputs: [p1, p2], byName, schema: { fields } } };
}
