// Logical plan nodes. One document node becomes one plan node (a few document kinds are
// lowered: select and derive -> project, dropNulls -> filter, fillNulls -> project); every plan
// node keeps the document node id (`nodeId`) so explain output, errors, progress events and the
// canvas all speak of the same node.
//
// Plans are immutable trees that may share sub-trees (one node feeding two is planned once and
// referenced twice). Rewrites return new objects; a rule that changes nothing returns its input.

import type { Expr } from './expr.ts';
import type { Schema } from '../types.ts';
import type { PathPolicy } from '../path-policy.ts';

export type AggregateFn =
  | 'count' | 'count_distinct' | 'sum' | 'avg' | 'min' | 'max'
  | 'stddev' | 'variance' | 'median' | 'first';

export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti';
export type JoinStrategy = 'auto' | 'broadcast' | 'shuffle';

/** What is known of a relation's size before running (Parquet footer, a previous run). */
export interface SizeEstimate {
  readonly rows?: number;
  readonly bytes?: number;
  /** Uncompressed bytes of each column over all rows (Parquet footer), where the reader knows them. */
  readonly columnBytes?: Readonly<Record<string, number>>;
  readonly source: 'parquet-metadata' | 'file-size' | 'previous-run' | 'generator';
}

interface PlanBase {
  /** The document node this plan node comes from. */
  readonly nodeId: string;
  /** Filter nodes the optimizer folded into this one (pushed into a scan, through it, or always
   *  true): they have no operator of their own, and this node's output rows are theirs. */
  readonly absorbed?: readonly string[];
  /** Output schema, computed when the node is built. */
  readonly schema: Schema;
}

export type ScanFormat = 'parquet' | 'csv' | 'json' | 'sample';

export interface ScanNode extends PlanBase {
  readonly op: 'scan';
  readonly format: ScanFormat;
  /** The source's document params with relative paths already resolved to absolute ones. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Schema of the whole source before pruning. */
  readonly sourceSchema: Schema;
  /** Columns to read (projection pushdown); `schema` lists exactly these, in this order. */
  readonly columns: readonly string[];
  /** Conjuncts pushed into the scan: applied to every row (exact), and used to skip Parquet
   *  row groups whose min/max statistics prove no row can match. */
  readonly filters: readonly Expr[];
  readonly estimate?: SizeEstimate;
  /** The policy the path was checked against at lowering; run-time expansion checks each file again. */
  readonly pathPolicy?: PathPolicy;
  /** Set when the scan's only reader is a top-k (sort with a limit) by `key` first: each scan
   *  task may drop a row strictly worse on that key than `limit` rows it already emitted (such a
   *  row cannot be in the top k), and decodes the other columns only for the rows it keeps. */
  readonly topK?: { readonly key: SortKey; readonly limit: number };
}

export interface FilterNode extends PlanBase {
  readonly op: 'filter'; readonly input: LogicalPlan; readonly condition: Expr;
  /** A part of filter `nodeId` the optimizer moved below other nodes: its rows are not the
   *  node's rows (those are counted where the filter stands, or on the node in its place). */
  readonly pushed?: boolean;
}

export interface ProjectItem { readonly name: string; readonly expr: Expr }
/** Output columns are exactly `items`, in order (select, derive and fillNulls all become this). */
export interface ProjectNode extends PlanBase {
  readonly op: 'project'; readonly input: LogicalPlan; readonly items: readonly ProjectItem[];
}

export interface AggregateItem { readonly fn: AggregateFn; readonly column?: string; readonly as: string }
export interface AggregateNode extends PlanBase {
  readonly op: 'aggregate'; readonly input: LogicalPlan;
  readonly groupBy: readonly string[]; readonly aggregations: readonly AggregateItem[];
}

export interface SortKey { readonly column: string; readonly descending: boolean; readonly nullsFirst: boolean }
/** `limit` set = top-k (sort + limit fused by the optimizer). */
export interface SortNode extends PlanBase {
  readonly op: 'sort'; readonly input: LogicalPlan; readonly keys: readonly SortKey[]; readonly limit?: number;
}

export interface LimitNode extends PlanBase { readonly op: 'limit'; readonly input: LogicalPlan; readonly count: number }

export interface DistinctNode extends PlanBase {
  /** Rows distinct on `columns` (all columns when equal to the schema); the first row of each
   *  group is kept, so output columns are all input columns. */
  readonly op: 'distinct'; readonly input: LogicalPlan; readonly columns: readonly string[];
}

export interface UnionNode extends PlanBase {
  readonly op: 'union'; readonly inputs: readonly [LogicalPlan, LogicalPlan]; readonly byName: boolean;
}

export interface RepartitionNode extends PlanBase {
  readonly op: 'repartition'; readonly input: LogicalPlan;
  readonly partitions: number; readonly by: readonly string[]; // empty = round-robin
}

export interface JoinKey { readonly left: string; readonly right: string }
export interface JoinNode extends PlanBase {
  readonly op: 'join'; readonly left: LogicalPlan; readonly right: LogicalPlan;
  readonly type: JoinType; readonly on: readonly JoinKey[];
  /** As requested in the document. */
  readonly strategy: JoinStrategy;
  /** Filled by the join-strategy rule: the strategy the physical planner must use. */
  readonly chosen?: { readonly strategy: 'broadcast' | 'shuffle'; readonly buildSide: 'left' | 'right'; readonly reason: string };
}

/** A relation known to be empty (an always-false filter folded away). */
export interface EmptyNode extends PlanBase { readonly op: 'empty' }

/** feature.* and model.* stages. `inputs` follow the kind's input ports in catalog order
 *  (`ports` names them); `port` is the output port this node stands for (feature.split has two). */
export interface MlNode extends PlanBase {
  readonly op: 'ml'; readonly kind: string;
  readonly inputs: readonly LogicalPlan[]; readonly ports: readonly string[];
  readonly params: Readonly<Record<string, unknown>>; readonly port: string;
}

export interface SinkNode extends PlanBase {
  readonly op: 'sink'; readonly input: LogicalPlan; readonly format: 'parquet' | 'csv';
  /** Document params with `path` resolved to an absolute path. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The policy the path was checked against at lowering; checked again just before writing. */
  readonly pathPolicy?: PathPolicy;
}

export type LogicalPlan =
  | ScanNode | FilterNode | ProjectNode | AggregateNode | SortNode | LimitNode | DistinctNode
  | UnionNode | RepartitionNode | JoinNode | EmptyNode | MlNode | SinkNode;

/** The inputs of a plan node, in port order. */
export function inputsOf(p: LogicalPlan): readonly LogicalPlan[] {
  switch (p.op) {
    case 'scan': case 'empty': return [];
    case 'union': return p.inputs;
    case 'join': return [p.left, p.right];
    case 'ml': return p.inputs;
    default: return [p.input];
  }
}

/** How many consumers read each node object, over all `roots`: one per parent that reads it (a
 *  parent reading it on two ports counts twice) and one per root slot. The optimizer (is a node
 *  shared?), the physical planner (compute it in a stage of its own?) and explain (print it once?)
 *  all ask this one question. */
export function consumerCounts(roots: readonly LogicalPlan[]): Map<LogicalPlan, number> {
  const counts = new Map<LogicalPlan, number>();
  const visit = (p: LogicalPlan): void => {
    const n = (counts.get(p) ?? 0) + 1;
    counts.set(p, n);
    // A node's inputs are counted once per node object, however many parents read it.
    if (n === 1) inputsOf(p).forEach(visit);
  };
  roots.forEach(visit);
  return counts;
}

/** A copy of `p` with new inputs (same order as inputsOf). Schema is kept: callers that change
 *  the output schema must build the node themselves. */
export function withInputs(p: LogicalPlan, inputs: readonly LogicalPlan[]): LogicalPlan {
  const same = inputsOf(p).every((x, i) => x === inputs[i]);
  if (same) return p;
  switch (p.op) {
    case 'scan': case 'empty': return p;
    case 'union': return { ...p, inputs: [inputs[0]!, inputs[1]!] };
    case 'join': return { ...p, left: inputs[0]!, right: inputs[1]! };
    case 'ml': return { ...p, inputs };
    default: return { ...p, input: inputs[0]! } as LogicalPlan;
  }
}

/**
 * A compiled pipeline: one plan per document node that has an output (for preview), and the
 * sinks to run. Plans share sub-trees by object identity.
 */
export interface PipelinePlan {
  /** Keyed by document node id (for feature.split: "id.train" / "id.test" as well as "id" -> train). */
  readonly nodes: ReadonlyMap<string, LogicalPlan>;
  /** The sink plans, in document order; a pipeline without sinks has none. */
  readonly sinks: readonly SinkNode[];
  /** Nodes with no consumer that are not sinks: what `run` computes and reports when there is no sink. */
  readonly leaves: readonly LogicalPlan[];
}
