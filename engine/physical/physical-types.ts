// The physical plan: stages of operators run per partition, joined by exchanges.
//
// A stage is a tree of operators evaluated for one partition inside one worker (or the main
// thread for small inputs). Its leaves are scans (fed source splits), reads of an earlier stage's
// exchange output, or the empty relation. Everything here is plain data (structured-clone safe):
// the stage tree is sent to worker threads with every task.

import type { Schema } from '../types.ts';
import type { Expr } from '../logical/expr.ts';
import type { AggregateNode, JoinNode, ProjectItem, ScanNode, SortKey } from '../logical/plan.ts';
import type { StageContext } from '../ml/stage.ts';
import type { PathPolicy } from '../path-policy.ts';

interface OpBase {
  /** Unique within the physical plan; keys metrics, splits and inputs. */
  readonly id: number;
  /** The document node this operator belongs to. */
  readonly nodeId: string;
  readonly schema: Schema;
  /** True for the operator whose output is the node's output (its rows are the node's rows). */
  readonly final: boolean;
  /** On a final operator: filter nodes folded into its node by the optimizer (LogicalPlan
   *  `absorbed`); their rows are this operator's rows out. */
  readonly absorbs?: readonly string[];
}

export type ScanLeaf = Pick<ScanNode, 'nodeId' | 'format' | 'options' | 'sourceSchema' | 'columns' | 'schema' | 'filters' | 'estimate' | 'pathPolicy' | 'topK'> & {
  /** A preview's fast path: read only the source's first rows up to this cap (io/source-prefix.ts). */
  readonly prefixRows?: number;
};

export interface ScanOp extends OpBase { readonly kind: 'scan'; readonly scan: ScanLeaf }
/** Reads an earlier stage's output: the batches routed to this partition, or all of them (broadcast). */
export interface ReadOp extends OpBase {
  readonly kind: 'read'; readonly fromStage: number; readonly mode: 'partition' | 'all';
  /** How many partitions the source's output has for this reader (0 for 'all'). */
  readonly partitions: number;
  /** For hash exchanges: sample these key columns to name the hot key of a skewed partition. */
  readonly sampleKeys?: readonly string[];
}
export interface EmptyOp extends OpBase { readonly kind: 'empty' }
export interface FilterOp extends OpBase { readonly kind: 'filter'; readonly input: PhysOp; readonly condition: Expr }
export interface ProjectOp extends OpBase { readonly kind: 'project'; readonly input: PhysOp; readonly items: readonly ProjectItem[] }
export interface LimitOp extends OpBase { readonly kind: 'limit'; readonly input: PhysOp; readonly count: number }
export interface UnionOp extends OpBase { readonly kind: 'union'; readonly inputs: readonly [PhysOp, PhysOp]; readonly byName: boolean }
export interface AggregateOp extends OpBase {
  readonly kind: 'aggregate'; readonly phase: 'partial' | 'final'; readonly input: PhysOp;
  /** The logical node with its input replaced by a schema-only placeholder (keeps tasks small). */
  readonly node: AggregateNode; readonly inputSchema: Schema;
}
export interface DistinctOp extends OpBase {
  readonly kind: 'distinct'; readonly phase: 'partial' | 'final'; readonly input: PhysOp;
  readonly columns: readonly string[];
  /** The first level of a count_distinct aggregate planned in two levels (plan-count-distinct.ts):
   *  distinct (group keys, value) rows, counted by the keys after it. */
  readonly twoLevel?: true;
}
export interface SortOp extends OpBase { readonly kind: 'sort'; readonly input: PhysOp; readonly keys: readonly SortKey[]; readonly limit?: number }
/** K-way merge of sorted runs: every input batch is one sorted run. */
export interface MergeOp extends OpBase { readonly kind: 'merge'; readonly input: PhysOp; readonly keys: readonly SortKey[]; readonly limit?: number }
export interface JoinOp extends OpBase {
  readonly kind: 'join'; readonly build: PhysOp; readonly probe: PhysOp;
  /** The logical node with both inputs replaced by schema-only placeholders. */
  readonly node: JoinNode; readonly buildSide: 'left' | 'right';
  readonly strategy: 'broadcast' | 'shuffle';
  /** Emit the build rows that never matched (the build side is the preserved side). */
  readonly emitUnmatched: boolean;
}
export interface SinkOp extends OpBase {
  readonly kind: 'sink'; readonly input: PhysOp; readonly format: 'parquet' | 'csv';
  readonly options: Readonly<Record<string, unknown>>;
  readonly pathPolicy?: PathPolicy;
}

/**
 * Fits a feature or model stage (engine/ml/stage.ts): 'partial' turns a partition's rows into
 * statistics batches, 'final' merges every partition's statistics (gathered, in partition order)
 * into the FittedModel and outputs it as a one-row JSON batch (json-batch.ts), which then travels
 * through exchanges (broadcast, spill, transfer) like any batch.
 */
export interface MlFitOp extends OpBase {
  readonly kind: 'mlFit'; readonly phase: 'partial' | 'final'; readonly input: PhysOp; readonly stage: StageContext;
  /** A first pass of a two-pass evaluator (plan-ml.ts): its model feeds the second pass only, and
   *  is neither reported (model.fitted) nor kept with the run. */
  readonly internal?: boolean;
}
/** Applies a stage to every batch of `input` (narrow); `model` reads the broadcast FittedModel
 *  batch (absent for stages without fit); `port` is the output port (feature.split's side). */
export interface MlApplyOp extends OpBase {
  readonly kind: 'mlApply'; readonly input: PhysOp; readonly model?: PhysOp; readonly stage: StageContext; readonly port: string;
}
/** model.evaluate's output: the one row { metric, value } of the FittedModel batch it reads. */
export interface MlMetricOp extends OpBase { readonly kind: 'mlMetric'; readonly input: PhysOp; readonly metric: string }

export type PhysOp =
  | ScanOp | ReadOp | EmptyOp | FilterOp | ProjectOp | LimitOp | UnionOp
  | AggregateOp | DistinctOp | SortOp | MergeOp | JoinOp | SinkOp
  | MlFitOp | MlApplyOp | MlMetricOp;

/** How a stage's output leaves it. */
export type StageOutput =
  | { readonly kind: 'hash'; readonly keys: readonly string[]; readonly partitions: number }
  | { readonly kind: 'round-robin'; readonly partitions: number }
  /** Every partition's output to one partition, in partition order. */
  | { readonly kind: 'gather' }
  /** The whole output to every partition of the consumer. */
  | { readonly kind: 'broadcast' }
  /** Partition p to partition p (a node read by several consumers is computed once). */
  | { readonly kind: 'forward' }
  /** Collected in the main thread (a preview); with `keep`, each partition keeps only its first
   *  `keep` rows and counts the rest (a preview shows the first rows, in partition order);
   *  with `stopWhenKept` it stops reading once it has them, and the rest is not counted. */
  | { readonly kind: 'result'; readonly keep?: number; readonly stopWhenKept?: boolean }
  /** A leaf of a run without sinks: rows are counted and reported, not kept. */
  | { readonly kind: 'discard' }
  /** Written by a sink: no output. */
  | { readonly kind: 'sink' };

export interface Stage {
  readonly id: number;
  readonly partitions: number;
  readonly root: PhysOp;
  readonly output: StageOutput;
  /** Stages whose output this stage reads. */
  readonly inputs: readonly number[];
  /** Document node ids whose operators run here, leaves first. */
  readonly nodeIds: readonly string[];
  /** Sinks write from the main thread: a cancelled or failed write removes its temp file there. */
  readonly inMain: boolean;
}

export interface PhysicalPlan {
  /** In dependency order: a stage comes after every stage it reads. */
  readonly stages: readonly Stage[];
  /** Stage ids of results, keyed by the logical node id they compute. */
  readonly results: ReadonlyMap<string, number>;
  readonly partitions: number;
}

export function childrenOf(op: PhysOp): readonly PhysOp[] {
  switch (op.kind) {
    case 'scan': case 'read': case 'empty': return [];
    case 'union': return op.inputs;
    case 'join': return [op.probe, op.build];
    case 'mlApply': return op.model ? [op.input, op.model] : [op.input];
    default: return [op.input];
  }
}

/** Every operator of a tree, children before parents. */
export function opsOf(root: PhysOp): PhysOp[] {
  const out: PhysOp[] = [];
  const visit = (op: PhysOp): void => {
    for (const c of childrenOf(op)) visit(c);
    out.push(op);
  };
  visit(root);
  return out;
}
