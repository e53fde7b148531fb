// count_distinct in two levels, so a hot group key cannot pile up in one final partition. In one
// level the partial ships every distinct (key, value) pair of its partition and the final
// partition of a hot key receives them all (the hot key's distinct values, from every source
// partition). In two levels, as Spark plans a single distinct aggregate:
//   1. distinct on (keys, value): partial per source partition, hash exchange on (keys, value),
//      final distinct: a hot key's values spread over every partition;
//   2. count(value) by the keys (nulls are not counted, as count_distinct): partial per partition
//      (one row per key per partition), exchange on the keys (a gather without keys), final.
// Applies when every aggregation of the node is count_distinct of one same column: mixed with
// other functions the rows would have to be expanded per function (Spark's Expand); those keep
// the one-level plan (docs/skew.md).

import type { Expr } from '../logical/expr.ts';
import type { AggregateNode } from '../logical/plan.ts';
import type { Field, Schema } from '../types.ts';
import { placeholder, type PlanContext, type Pipe } from './plan-context.ts';
import type { AggregateOp, DistinctOp, ProjectOp } from './physical-types.ts';

/** The column every aggregation counts distinct, when the node can be planned in two levels. */
export function twoLevelColumn(node: AggregateNode): string | undefined {
  const first = node.aggregations[0]?.column;
  if (first === undefined || node.groupBy.includes(first)) return undefined;
  return node.aggregations.every((a) => a.fn === 'count_distinct' && a.column === first) ? first : undefined;
}

/** `input`: the aggregate's input pipe (more than one partition, not hashed within the keys). */
export function planTwoLevelCountDistinct(ctx: PlanContext, node: AggregateNode, input: Pipe, column: string): Pipe {
  const keys = [...node.groupBy, column];
  const fields = keys.map((k) => {
    const f = node.input.schema.fields.find((x) => x.name === k);
    if (!f) throw new Error(`aggregate '${node.nodeId}': column '${k}' is not in the input`);
    return f;
  });
  const pairs: Schema = { fields };
  const items = fields.map((f: Field) => ({ name: f.name, expr: { kind: 'column', name: f.name, type: f.type } as Expr }));
  const project = ctx.op<ProjectOp>({ kind: 'project', nodeId: node.nodeId, schema: pairs, final: false, input: input.op, items });
  const common = { kind: 'distinct', nodeId: node.nodeId, schema: pairs, columns: keys } as const;
  const partialDistinct = ctx.op<DistinctOp>({ ...common, phase: 'partial', final: false, input: project });
  const spread = ctx.hashExchange({ ...input, op: partialDistinct }, keys, ctx.partitions, node.nodeId);
  const distinct = ctx.op<DistinctOp>({ ...common, phase: 'final', final: false, input: spread.op, twoLevel: true });

  // Level 2: count the distinct pairs' non-null values by the keys.
  const counting: AggregateNode = {
    ...node, input: placeholder({ ...node.input, schema: pairs }),
    aggregations: node.aggregations.map((a) => ({ fn: 'count', column, as: a.as })),
  };
  const partial = ctx.op<AggregateOp>({
    kind: 'aggregate', phase: 'partial', nodeId: node.nodeId, schema: node.schema, final: false, input: distinct, node: counting, inputSchema: pairs,
  });
  const exchanged = node.groupBy.length === 0
    ? ctx.gather({ ...spread, op: partial }, node.nodeId)
    : ctx.hashExchange({ ...spread, op: partial }, node.groupBy, ctx.partitions, node.nodeId);
  const final = ctx.op<AggregateOp>({
    kind: 'aggregate', phase: 'final', nodeId: node.nodeId, schema: node.schema, final: true, input: exchanged.op, node: counting, inputSchema: pairs,
  });
  return { ...exchanged, op: final };
}
