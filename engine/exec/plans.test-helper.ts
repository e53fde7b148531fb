// Logical plans built by hand for the executor's tests (until and besides the document
// compiler): sample scans, and nodes whose expressions are parsed and type-checked.

import { inferSourceSchema } from '../io/source-schema.ts';
import { parseExpr } from '../logical/parse-expr.ts';
import { checkExpr } from '../logical/check-expr.ts';
import type { Expr } from '../logical/expr.ts';
import type { AggregateItem, LogicalPlan, PipelinePlan, ScanNode, SinkNode, SortKey } from '../logical/plan.ts';
import type { DataType, Field, Schema } from '../types.ts';

export async function sampleScan(nodeId: string, dataset: string, rows: number, seed = 42, extra: Record<string, unknown> = {}): Promise<ScanNode> {
  const options = { dataset, rows, seed, ...extra };
  const { schema } = await inferSourceSchema('sample', options);
  return { op: 'scan', nodeId, format: 'sample', options, sourceSchema: schema, columns: schema.fields.map((f) => f.name), schema, filters: [] };
}

export function expr(text: string, input: Schema, nodeId = 'test'): Expr {
  const { expr: checked, issues } = checkExpr(parseExpr(text), input, { nodeId, kind: 'test', param: 'expr' });
  if (!checked || issues.length > 0) throw new Error(issues.map((i) => i.message).join('; '));
  return checked;
}

export function filter(nodeId: string, input: LogicalPlan, condition: string): LogicalPlan {
  return { op: 'filter', nodeId, input, condition: expr(condition, input.schema, nodeId), schema: input.schema };
}

export function project(nodeId: string, input: LogicalPlan, items: Record<string, string>): LogicalPlan {
  const checked = Object.entries(items).map(([name, text]) => ({ name, expr: expr(text, input.schema, nodeId) }));
  const fields: Field[] = checked.map((i) => ({ name: i.name, type: i.expr.type as DataType, nullable: true }));
  return { op: 'project', nodeId, input, items: checked, schema: { fields } };
}

export function aggregate(nodeId: string, input: LogicalPlan, groupBy: string[], aggregations: AggregateItem[]): LogicalPlan {
  const keyFields = groupBy.map((g) => input.schema.fields.find((f) => f.name === g)!);
  const aggFields: Field[] = aggregations.map((a) => {
    const t = a.column ? input.schema.fields.find((f) => f.name === a.column)!.type : 'int64';
    const type: DataType = a.fn === 'count' || a.fn === 'count_distinct' ? 'int64'
      : a.fn === 'avg' || a.fn === 'stddev' || a.fn === 'variance' ? 'float64'
      : a.fn === 'sum' ? (t === 'float64' ? 'float64' : 'int64') : t;
    return { name: a.as, type, nullable: true };
  });
  return { op: 'aggregate', nodeId, input, groupBy, aggregations, schema: { fields: [...keyFields, ...aggFields] } };
}

export function sort(nodeId: string, input: LogicalPlan, keys: (Partial<SortKey> & { column: string })[], limit?: number): LogicalPlan {
  const full = keys.map((k) => ({ column: k.column, descending: k.descending ?? false, nullsFirst: k.nullsFirst ?? !(k.descending ?? false) }));
  return { op: 'sort', nodeId, input, keys: full, schema: input.schema, ...(limit !== undefined ? { limit } : {}) };
}

export function limit(nodeId: string, input: LogicalPlan, count: number): LogicalPlan {
  return { op: 'limit', nodeId, input, count, schema: input.schema };
}

export function sink(nodeId: string, input: LogicalPlan, format: 'parquet' | 'csv', path: string): SinkNode {
  return { op: 'sink', nodeId, input, format, options: { path, mode: 'overwrite', compression: 'snappy' }, schema: input.schema };
}

export function pipeline(...roots: LogicalPlan[]): PipelinePlan {
  const nodes = new Map<string, LogicalPlan>();
  const visit = (p: LogicalPlan): void => {
    if (p.op !== 'sink') nodes.set(p.nodeId, p);
    if ('input' in p) visit(p.input);
    if (p.op === 'join') { visit(p.left); visit(p.right); }
    if (p.op === 'union') p.inputs.forEach(visit);
  };
  roots.forEach(visit);
  const sinks = roots.filter((r): r is SinkNode => r.op === 'sink');
  return { nodes, sinks, leaves: roots.filter((r) => r.op !== 'sink') };
}
