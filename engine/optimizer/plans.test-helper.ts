// Hand-built plan trees and checked expressions for the optimizer's unit tests: every node gets
// its output schema as the plan builder would compute it, every expression node its `type`.
// Only tests import this file.

import type { DataType, Field, Schema } from '../types.ts';
import type { BinaryOp, Expr, ExprType, FunctionName } from '../logical/expr.ts';
import type {
  AggregateItem, JoinKey, JoinNode, JoinStrategy, JoinType, LogicalPlan, PipelinePlan, ProjectItem,
  ScanFormat, ScanNode, SinkNode, SizeEstimate, SortKey,
} from '../logical/plan.ts';

export function field(name: string, type: DataType, nullable = true): Field {
  return { name, type, nullable };
}

/** `fields('a:int32', 'b:string')`. */
export function fields(...specs: string[]): Field[] {
  return specs.map((s) => {
    const [name, type] = s.split(':') as [string, DataType];
    return field(name, type);
  });
}

export function schema(...specs: string[]): Schema {
  return { fields: fields(...specs) };
}

// ---- expressions (typed as the checker would type them) ----

export function col(name: string, type: ExprType): Expr {
  return { kind: 'column', name, type };
}

export function lit(value: null | boolean | number | bigint | string, type?: ExprType): Expr {
  const t: ExprType = type ?? (value === null ? 'null' : typeof value === 'boolean' ? 'bool'
    : typeof value === 'string' ? 'string' : typeof value === 'bigint' ? 'int64'
      : Number.isInteger(value) ? 'int32' : 'float64');
  return { kind: 'literal', value, type: t };
}

const NUMERIC_RANK: Record<string, number> = { int32: 1, int64: 2, float64: 3 };

export function bin(op: BinaryOp, left: Expr, right: Expr): Expr {
  let type: ExprType;
  if (['+', '-', '*', '%'].includes(op)) {
    const l = left.type ?? 'null', r = right.type ?? 'null';
    if (l === 'null') type = r;
    else if (r === 'null') type = l;
    else type = (NUMERIC_RANK[l] ?? 0) >= (NUMERIC_RANK[r] ?? 0) ? l : r;
  } else if (op === '/') type = 'float64';
  else type = 'bool';
  return { kind: 'binary', op, left, right, type };
}

export const and = (a: Expr, b: Expr): Expr => bin('and', a, b);
export const or = (a: Expr, b: Expr): Expr => bin('or', a, b);
export const not = (a: Expr): Expr => ({ kind: 'unary', op: 'not', operand: a, type: 'bool' });
export const neg = (a: Expr): Expr => ({ kind: 'unary', op: 'neg', operand: a, type: a.type });
export const isNull = (a: Expr, negated = false): Expr => ({ kind: 'isNull', operand: a, negated, type: 'bool' });
export const call = (fn: FunctionName, type: ExprType, ...args: Expr[]): Expr => ({ kind: 'call', fn, args, type });

/** Removes `span` and `type` recursively: for comparing trees by shape. */
export function shape(e: Expr): unknown {
  return JSON.parse(JSON.stringify(e, (k, v: unknown) => (k === 'span' || k === 'type' ? undefined
    : typeof v === 'bigint' ? `${v}n` : v)));
}

// ---- plan nodes ----

export function scan(nodeId: string, sourceSchema: Schema, opts: {
  format?: ScanFormat; options?: Record<string, unknown>; estimate?: SizeEstimate; columns?: string[]; filters?: Expr[];
} = {}): ScanNode {
  const columns = opts.columns ?? sourceSchema.fields.map((f) => f.name);
  return {
    op: 'scan', nodeId, format: opts.format ?? 'sample',
    options: opts.options ?? { dataset: nodeId }, sourceSchema, columns,
    schema: { fields: columns.map((c) => sourceSchema.fields.find((f) => f.name === c)!) },
    filters: opts.filters ?? [], ...(opts.estimate ? { estimate: opts.estimate } : {}),
  };
}

export function filter(nodeId: string, input: LogicalPlan, condition: Expr): LogicalPlan {
  return { op: 'filter', nodeId, input, condition, schema: input.schema };
}

export function project(nodeId: string, input: LogicalPlan, items: ProjectItem[]): LogicalPlan {
  return {
    op: 'project', nodeId, input, items,
    schema: { fields: items.map((i) => field(i.name, (i.expr.type === 'null' ? 'string' : i.expr.type) as DataType)) },
  };
}

/** A select of input columns by name, typed from the input. */
export function select(nodeId: string, input: LogicalPlan, names: string[]): LogicalPlan {
  return project(nodeId, input, names.map((n) => {
    const f = input.schema.fields.find((x) => x.name === n)!;
    return { name: n, expr: col(n, f.type) };
  }));
}

export function aggregate(nodeId: string, input: LogicalPlan, groupBy: string[], aggregations: AggregateItem[]): LogicalPlan {
  const out: Field[] = groupBy.map((g) => input.schema.fields.find((f) => f.name === g)!);
  for (const a of aggregations) {
    const inType = a.column ? input.schema.fields.find((f) => f.name === a.column)!.type : 'int64';
    const type: DataType = a.fn === 'count' || a.fn === 'count_distinct' ? 'int64'
      : a.fn === 'avg' || a.fn === 'stddev' || a.fn === 'variance' || a.fn === 'median' ? 'float64'
        : a.fn === 'sum' ? (inType === 'float64' ? 'float64' : 'int64') : inType;
    out.push(field(a.as, type));
  }
  return { op: 'aggregate', nodeId, input, groupBy, aggregations, schema: { fields: out } };
}

export function sort(nodeId: string, input: LogicalPlan, keys: (string | Partial<SortKey> & { column: string })[], limit?: number): LogicalPlan {
  const ks: SortKey[] = keys.map((k) => {
    const o = typeof k === 'string' ? { column: k } : k;
    const descending = o.descending ?? false;
    return { column: o.column, descending, nullsFirst: o.nullsFirst ?? !descending };
  });
  return { op: 'sort', nodeId, input, keys: ks, schema: input.schema, ...(limit !== undefined ? { limit } : {}) };
}

export function limit(nodeId: string, input: LogicalPlan, count: number): LogicalPlan {
  return { op: 'limit', nodeId, input, count, schema: input.schema };
}

export function distinct(nodeId: string, input: LogicalPlan, columns?: string[]): LogicalPlan {
  return { op: 'distinct', nodeId, input, columns: columns ?? input.schema.fields.map((f) => f.name), schema: input.schema };
}

export function union(nodeId: string, a: LogicalPlan, b: LogicalPlan, byName = true): LogicalPlan {
  return { op: 'union', nodeId, inputs: [a, b], byName, schema: a.schema };
}

export function repartition(nodeId: string, input: LogicalPlan, partitions: number, by: string[] = []): LogicalPlan {
  return { op: 'repartition', nodeId, input, partitions, by, schema: input.schema };
}

/** Output columns per docs/pipeline-format.md: left, then right; same-named key pairs merge (USING); other
 *  taken right names get `_right` (repeated until free); semi/anti keep the left columns only. */
export function joinSchema(left: Schema, right: Schema, type: JoinType, on: readonly JoinKey[]): Schema {
  if (type === 'semi' || type === 'anti') return left;
  const out: Field[] = left.fields.map((f) => ({ ...f }));
  const merged = new Set(on.filter((k) => k.left === k.right).map((k) => k.right));
  for (const f of right.fields) {
    if (merged.has(f.name)) continue;
    let name = f.name;
    while (out.some((o) => o.name === name)) name = `${name}_right`;
    out.push({ ...f, name });
  }
  return { fields: out };
}

export function join(nodeId: string, left: LogicalPlan, right: LogicalPlan, type: JoinType,
  on: JoinKey[] | string[], strategy: JoinStrategy = 'auto'): JoinNode {
  const keys: JoinKey[] = on.map((k) => (typeof k === 'string' ? { left: k, right: k } : k));
  return { op: 'join', nodeId, left, right, type, on: keys, strategy, schema: joinSchema(left.schema, right.schema, type, keys) };
}

export function empty(nodeId: string, s: Schema): LogicalPlan {
  return { op: 'empty', nodeId, schema: s };
}

export function ml(nodeId: string, kind: string, inputs: LogicalPlan[], params: Record<string, unknown>, extra: Field[]): LogicalPlan {
  return {
    op: 'ml', nodeId, kind, inputs, ports: inputs.length === 2 ? ['train', 'score'] : ['in'], params, port: 'out',
    schema: { fields: [...inputs[inputs.length - 1]!.schema.fields, ...extra] },
  };
}

export function sink(nodeId: string, input: LogicalPlan, path = `/data/out/${nodeId}.parquet`, format: 'parquet' | 'csv' = 'parquet'): SinkNode {
  return { op: 'sink', nodeId, input, format, options: { path }, schema: input.schema };
}

/** A PipelinePlan from its roots (sinks and leaves); `nodes` maps every node id met to its plan. */
export function pipeline(...roots: LogicalPlan[]): PipelinePlan {
  const nodes = new Map<string, LogicalPlan>();
  const visit = (p: LogicalPlan): void => {
    if (!nodes.has(p.nodeId)) nodes.set(p.nodeId, p);
    const ins = p.op === 'union' ? p.inputs : p.op === 'join' ? [p.left, p.right] : p.op === 'ml' ? p.inputs
      : p.op === 'scan' || p.op === 'empty' ? [] : [p.input];
    ins.forEach(visit);
  };
  roots.forEach(visit);
  return {
    nodes, sinks: roots.filter((r): r is SinkNode => r.op === 'sink'), leaves: roots.filter((r) => r.op !== 'sink'),
  };
}

export const EVENTS = schema('event_id:int64', 'user_id:int32', 'ts:timestamp', 'category:string', 'amount:float64', 'qty:int32');
export const USERS = schema('user_id:int32', 'name:string', 'country:string', 'signup_date:date', 'age:int32');
