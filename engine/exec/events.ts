// The one typed event stream of a run. The engine emits it; the CLI's progress bars, the
// studio's canvas and heatmap, and the run store all consume the same events.

import type { FittedModel } from '../ml/stage.ts';

export type RunStatus = 'COMPLETED' | 'FAILED' | 'CANCELLED';

export interface StageInfo {
  readonly stageId: number;
  /** Document node ids whose operators run in this stage (a stage is a chain of narrow operators). */
  readonly nodeIds: readonly string[];
  readonly partitions: number;
  /** How this stage's output leaves it: 'hash(user_id)', 'broadcast', 'round-robin', 'single', 'sink'. */
  readonly exchange: string;
}

export interface PartitionMetrics {
  readonly stageId: number;
  readonly partition: number;
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly bytes: number;
  readonly durationMs: number;
  /** Bytes written to spill files for this partition: by its task (its operators, its output over
   *  its memory share) and by the exchange store over its share. */
  readonly spilledBytes: number;
  /** spilledBytes per node id (present when the partition spilled). */
  readonly spilledByNode?: Readonly<Record<string, number>>;
}

export interface Spread { readonly min: number; readonly median: number; readonly max: number }

export interface StageSummary {
  readonly stageId: number;
  readonly rows: Spread;
  readonly durationMs: Spread;
  /** A partition is skewed when over skewFactor x the median and over a minimum size (as Spark AQE). */
  readonly skewed: boolean;
  readonly skewedPartitions: readonly number[];
  /** The partition that took longest, and whether rows or time makes it stand out. */
  readonly slowest: { readonly partition: number; readonly reason: string };
  /** When hash-partitioned and skewed: the key that dominates the biggest partition, if known. */
  readonly hotKey?: { readonly column: string; readonly value: string; readonly share: number };
  /** Why it is skewed, in words, with the fix (key skew vs an input-split imbalance). */
  readonly cause?: SkewCause;
  /** What the engine did about it while the run went (split a skewed join partition, ...). */
  readonly mitigations?: readonly Mitigation[];
  /** Bytes the stage's partitions wrote to spill files (present when over the memory budget). */
  readonly spilledBytes?: number;
  /** The same per node id. */
  readonly spilledByNode?: Readonly<Record<string, number>>;
}

export interface SkewCause {
  /** 'key': a hash exchange sent a hot key to one partition; 'input-splits': a scan's files give
   *  fewer splits than partitions (one row group read whole); 'uneven': rows forwarded unevenly. */
  readonly kind: 'key' | 'input-splits' | 'uneven';
  readonly message: string;
  readonly fix: string;
  readonly hotKeys?: readonly {
    readonly column: string; readonly value: string; readonly partition: number;
    /** Of the partition's sampled rows, and (estimated) of the stage's rows. */
    readonly share: number; readonly stageShare: number;
  }[];
  readonly files?: readonly { readonly file: string; readonly splits: number; readonly rowGroups?: number }[];
}

/** A decision the executor took on a stage while the run went (Spark's adaptive execution). */
export type Mitigation = SplitJoinMitigation | CoalesceMitigation | TwoLevelAggregateMitigation;

/** 'split-join': a skewed probe partition of a shuffle join joined in sub-partitions in parallel,
 *  each with the whole matching build partition. */
export interface SplitJoinMitigation {
  readonly kind: 'split-join';
  readonly stageId: number;
  readonly nodeId: string;
  readonly partition: number;
  readonly rows: number;
  readonly medianRows: number;
  readonly splitInto: number;
  /** Rows and time of each sub-partition, in order. */
  readonly subPartitions: readonly { readonly rows: number; readonly durationMs: number }[];
  readonly hotKey?: { readonly column: string; readonly value: string; readonly share: number };
  readonly message: string;
}

/** 'coalesce': adjacent tiny partitions after a shuffle read by one task each group (Spark's
 *  CoalesceShufflePartitions); one per stage. */
export interface CoalesceMitigation {
  readonly kind: 'coalesce';
  readonly stageId: number;
  readonly nodeId: string;
  /** The first partition of the first merged group (where the decision is listed). */
  readonly partition: number;
  /** Partitions of the stage, and tasks that ran them after coalescing. */
  readonly partitions: number;
  readonly tasks: number;
  /** The groups of two or more partitions run as one task: their partitions and rows in all. */
  readonly groups: readonly { readonly partitions: readonly number[]; readonly rows: number }[];
  /** A group holds at most this many rows. */
  readonly targetRows: number;
  readonly message: string;
}

/** 'two-level-aggregate': count_distinct by a key computed as a distinct on (keys, value) hashed on
 *  both, then a count by the keys, so a hot key's values spread over every partition. */
export interface TwoLevelAggregateMitigation {
  readonly kind: 'two-level-aggregate';
  readonly stageId: number;
  readonly nodeId: string;
  /** The partition holding most of the distinct (key, value) rows (where the decision is listed). */
  readonly partition: number;
  /** The (key, value) rows each partition of the first level read (already distinct per source
   *  partition), in partition order. */
  readonly pairRows: readonly number[];
  readonly message: string;
}

export interface NodeSummary {
  readonly nodeId: string; readonly rows: number; readonly durationMs: number;
  /** Bytes this node's operators (and its stage's output, for a stage's last node) spilled to disk;
   *  present when it spilled. */
  readonly spilledBytes?: number;
}

export type RunEvent =
  | { readonly type: 'run.started'; readonly runId: string; readonly at: number; readonly stages: readonly StageInfo[] }
  | { readonly type: 'node.progress'; readonly runId: string; readonly nodeId: string; readonly rows: number;
      readonly partitionsDone: number; readonly partitionsTotal: number;
      /** Bytes the node spilled so far (present once it spilled). */
      readonly spilledBytes?: number }
  | ({ readonly type: 'partition.finished'; readonly runId: string } & PartitionMetrics)
  | ({ readonly type: 'stage.finished'; readonly runId: string } & StageSummary)
  /** The executor acted on a skewed partition (also listed in the stage's summary). */
  | ({ readonly type: 'stage.mitigated'; readonly runId: string } & Mitigation)
  /** A feature or model stage was fitted (emitted once per fitted node, before run.finished). */
  | { readonly type: 'model.fitted'; readonly runId: string; readonly model: FittedModel }
  | { readonly type: 'log'; readonly runId: string; readonly level: 'info' | 'warn' | 'error'; readonly message: string;
      readonly nodeId?: string }
  | { readonly type: 'run.finished'; readonly runId: string; readonly status: RunStatus; readonly durationMs: number;
      readonly nodes: readonly NodeSummary[];
      readonly error?: { readonly nodeId?: string; readonly message: string } };

export type RunEventListener = (event: RunEvent) => void;
