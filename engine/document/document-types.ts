// The pipeline document (docs/pipeline-format.md): the JSON file a person reads, diffs and keeps in git.
// The zod schema that validates it is in engine/document/document.ts.

export interface DocumentNode {
  readonly id: string;
  readonly kind: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly position?: { readonly x: number; readonly y: number };
}

/** `from`/`to` are "node" or "node.port". */
export interface DocumentEdge { readonly from: string; readonly to: string }

export interface PipelineSettings {
  readonly partitions?: number;
  readonly memoryBudgetMB?: number;
  /** Skew factor for the skew flag (default 5, as Spark's adaptive execution). */
  readonly skewFactor?: number;
  /** false: no skew mitigation: skewed shuffle-join partitions are not split, tiny partitions after a
   *  shuffle not coalesced, count_distinct planned in one level (default true; docs/skew.md). */
  readonly skewMitigation?: boolean;
  /** Broadcast a join side smaller than this many bytes (default 10 MB, as Spark). */
  readonly broadcastThresholdBytes?: number;
  /** Runs of this pipeline that fail are tried again this many times (default 0), each try its own run. */
  readonly retries?: number;
  /** Seconds before each retry: one number for all, or one per retry (the last repeats), as Prefect. */
  readonly retryDelaySeconds?: number | readonly number[];
  /** Each delay grows by up to this fraction at random (0.5: 10 s becomes 10-15 s), so retries spread. */
  readonly retryJitterFactor?: number;
}

/** settings.broadcastThresholdBytes when unset: Spark's spark.sql.autoBroadcastJoinThreshold.
 *  The optimizer's join strategy and the physical planner both read it. */
export const DEFAULT_BROADCAST_THRESHOLD_BYTES = 10 * 1024 * 1024;

export interface PipelineDocument {
  readonly version: 1;
  readonly name: string;
  readonly settings?: PipelineSettings;
  readonly nodes: readonly DocumentNode[];
  readonly edges: readonly DocumentEdge[];
}
