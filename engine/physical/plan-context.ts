// The state of physical planning: the stages closed so far and the open pipe of each branch.
//
// A Pipe is an operator tree not yet assigned to a stage. Narrow operators wrap the pipe's tree;
// a wide operator closes the pipe into a stage with an exchange and continues from a read of it.

import type { LogicalPlan } from '../logical/plan.ts';
import type { MlStage } from '../ml/stage.ts';
import type { Schema } from '../types.ts';
import { opsOf, type PhysOp, type ReadOp, type Stage, type StageOutput } from './physical-types.ts';

export type Partitioning =
  | { readonly kind: 'hash'; readonly keys: readonly string[] }
  | { readonly kind: 'single' }
  | { readonly kind: 'any' };

export interface Pipe {
  readonly op: PhysOp;
  /** Partitions of the tree: the largest of its leaves' (broadcast reads count 0). */
  readonly partitions: number;
  readonly partitioning: Partitioning;
}

/** Distributes the ids of operators; `Omit` over a union keeps each member's own fields. */
type OpInit<T> = T extends PhysOp ? Omit<T, 'id'> : never;

export class PlanContext {
  readonly partitions: number;
  readonly broadcastThresholdBytes: number;
  readonly stages: Stage[] = [];
  private nextOpId = 0;
  /** How many parents read each logical node (from the roots being planned). */
  readonly consumers = new Map<LogicalPlan, number>();
  /** Stage computing a node read by several parents: computed once, read by each. */
  readonly shared = new Map<LogicalPlan, { stageId: number; partitions: number; partitioning: Partitioning }>();

  /** The feature and model stages by kind (engine/ml/registry.ts), when the plan has ML nodes. */
  readonly mlStages: ((kind: string) => MlStage | undefined) | undefined;
  /** A preview's fast path: every scan reads only its source's first rows up to this cap. */
  prefixRows: number | undefined;
  /** A preview that stops at its first rows: joins broadcast wherever their type allows
   *  (plan-join.ts), so the probe side streams and stops instead of being shuffled whole. */
  firstRows = false;

  /** count_distinct planned in two levels (plan-count-distinct.ts). */
  readonly twoLevelDistinct: boolean;

  constructor(partitions: number, broadcastThresholdBytes: number, mlStages?: (kind: string) => MlStage | undefined, twoLevelDistinct = true) {
    this.partitions = partitions;
    this.twoLevelDistinct = twoLevelDistinct;
    this.broadcastThresholdBytes = broadcastThresholdBytes;
    this.mlStages = mlStages;
  }

  op<T extends PhysOp>(init: OpInit<T>): T {
    return { ...init, id: this.nextOpId++ } as unknown as T;
  }

  /** Ends the pipe's stage with `output`; returns the new stage's id. */
  close(pipe: Pipe, output: StageOutput, inMain = false): number {
    const ops = opsOf(pipe.op);
    const inputs = [...new Set(ops.flatMap((o) => (o.kind === 'read' ? [o.fromStage] : [])))];
    const nodeIds = [...new Set(ops.flatMap((o) => [o.nodeId, ...(o.absorbs ?? [])]))];
    const id = this.stages.length;
    this.stages.push({ id, partitions: Math.max(1, pipe.partitions), root: pipe.op, output, inputs, nodeIds, inMain });
    return id;
  }

  /** A new pipe reading stage `stageId`'s output. */
  read(stageId: number, opts: {
    nodeId: string; schema: Schema; final: boolean; mode: 'partition' | 'all'; partitions: number;
    partitioning: Partitioning; sampleKeys?: readonly string[];
  }): Pipe {
    const op = this.op<ReadOp>({
      kind: 'read', nodeId: opts.nodeId, schema: opts.schema, final: opts.final, fromStage: stageId,
      mode: opts.mode, partitions: opts.mode === 'all' ? 0 : opts.partitions,
      ...(opts.sampleKeys ? { sampleKeys: opts.sampleKeys } : {}),
    });
    return { op, partitions: op.partitions, partitioning: opts.partitioning };
  }

  /** Closes `pipe` with a hash exchange on `keys` into `partitions` and reads it back. */
  hashExchange(pipe: Pipe, keys: readonly string[], partitions: number, nodeId: string, final = false): Pipe {
    const stageId = this.close(pipe, { kind: 'hash', keys, partitions });
    return this.read(stageId, {
      nodeId, schema: pipe.op.schema, final, mode: 'partition', partitions,
      partitioning: { kind: 'hash', keys }, sampleKeys: keys,
    });
  }

  /** Closes `pipe` gathering every partition into one, in partition order. */
  gather(pipe: Pipe, nodeId: string, final = false): Pipe {
    const stageId = this.close(pipe, { kind: 'gather' });
    return this.read(stageId, { nodeId, schema: pipe.op.schema, final, mode: 'partition', partitions: 1, partitioning: { kind: 'single' } });
  }

  broadcast(pipe: Pipe, nodeId: string): Pipe {
    const stageId = this.close(pipe, { kind: 'broadcast' });
    return this.read(stageId, { nodeId, schema: pipe.op.schema, final: false, mode: 'all', partitions: 0, partitioning: { kind: 'any' } });
  }
}

/** Replaces a logical node's inputs by schema-only placeholders, so a task carries one node, not a tree. */
export function placeholder(p: LogicalPlan): LogicalPlan {
  return { op: 'empty', nodeId: p.nodeId, schema: p.schema };
}

/** True when `keys` (a hash partitioning) is a subset of `columns`: equal rows then share a partition. */
export function hashedWithin(p: Partitioning, columns: readonly string[]): boolean {
  if (p.kind === 'single') return true;
  return p.kind === 'hash' && p.keys.length > 0 && p.keys.every((k) => columns.includes(k));
}
