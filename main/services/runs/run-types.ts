// What the run store keeps of a run (docs/run-history.md). The states are Prefect's; every change
// of state goes through transitions.ts. Metrics are stored as the engine reported them, so the
// studio's heatmap can replay a run from history exactly as it drew it live.

import type { PipelineDocument } from '../../../engine/document/document-types.ts';
import type { NodeSummary, PartitionMetrics, StageInfo, StageSummary } from '../../../engine/exec/events.ts';

export const RUN_STATES = ['SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED'] as const;
export type RunState = typeof RUN_STATES[number];

/** 'studio' | 'cli' | 'schedule:NAME' | 'retry:RUN_ID' | 'rerun:RUN_ID'. */
export type RunTrigger = string;

/** Where a run ran: Tributary's own engine, or Spark (main/services/spark, the exported PySpark job). */
export const RUN_TARGETS = ['local', 'spark'] as const;
export type RunTarget = typeof RUN_TARGETS[number];

/** What the Spark application of a `spark` run was (from the driver: its id and master). */
export interface SparkRunInfo { readonly applicationId?: string; readonly master?: string }

export interface RunOptionsRecord {
  readonly partitions?: number;
  readonly memoryBudgetMB?: number;
  /** A Spark run's master as asked for (settings, --master or SPARK_MASTER); a retry asks again. */
  readonly master?: string;
}

export interface StateChange { readonly state: RunState; readonly at: number; readonly message?: string }

export interface RunErrorRecord { readonly nodeId?: string; readonly message: string; readonly retryable: boolean }

export interface OutputRecord { readonly nodeId: string; readonly path: string; readonly rows: number; readonly bytes?: number }

export interface ModelRecord { readonly nodeId: string; readonly kind: string; readonly summary: Readonly<Record<string, unknown>> }

export interface LogLine {
  readonly at: number;
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly nodeId?: string;
}

/** A run as listed (one row of `tributary history`). */
export interface RunSummary {
  readonly id: string;
  readonly state: RunState;
  readonly trigger: RunTrigger;
  /** The pipeline file (workspace-relative or absolute), or the document's name when unsaved. */
  readonly pipeline: string;
  readonly pipelineName: string;
  readonly contentHash: string;
  /** 'local' (Tributary's engine) or 'spark'. */
  readonly target: RunTarget;
  /** A Spark run's application id and master, once Spark started it. */
  readonly spark?: SparkRunInfo;
  readonly createdAt: number;
  /** When a SCHEDULED run becomes due. */
  readonly scheduledAt?: number;
  readonly startedAt?: number;
  readonly finishedAt?: number;
  readonly durationMs?: number;
  /** 1 for the first try; a retry is its own run with attempt n+1 and `firstRunId` of the first. */
  readonly attempt: number;
  readonly firstRunId: string;
  readonly maxAttempts: number;
  readonly scheduleName?: string;
  /** Rows per document node (the last value each node reported). */
  readonly nodes: Readonly<Record<string, number>>;
  readonly error?: RunErrorRecord;
}

/** A run whole (`tributary history show`). */
export interface RunRecord extends RunSummary {
  readonly document: PipelineDocument;
  readonly options: RunOptionsRecord;
  readonly timeline: readonly StateChange[];
  readonly nodeMetrics: readonly NodeSummary[];
  readonly stages: readonly StageInfo[];
  readonly stageSummaries: readonly StageSummary[];
  readonly partitions: readonly PartitionMetrics[];
  /** Stage ids whose partitions were flagged skewed. */
  readonly skewedStages: readonly number[];
  readonly outputs: readonly OutputRecord[];
  readonly models: readonly ModelRecord[];
  readonly logs: readonly LogLine[];
  /** Sink targets the run may write (their temp files are removed when the run crashes). */
  readonly targets: readonly string[];
  readonly cancelRequested: boolean;
}

export interface RunFilter {
  readonly pipeline?: string;
  readonly state?: RunState;
  readonly trigger?: string;
  readonly target?: RunTarget;
  /** The attempts of one run: the first and its retries. */
  readonly firstRunId?: string;
  readonly limit?: number;
  /** Newest first; a page starts after this createdAt/id. */
  readonly before?: { readonly createdAt: number; readonly id: string };
}

export interface NewRun {
  readonly id: string;
  readonly state: 'SCHEDULED' | 'PENDING';
  readonly trigger: RunTrigger;
  readonly pipeline: string;
  readonly pipelineName: string;
  readonly contentHash: string;
  /** Null for a schedule's run, which reads its file when it starts. */
  readonly document: PipelineDocument | null;
  readonly options: RunOptionsRecord;
  readonly createdAt: number;
  readonly scheduledAt?: number;
  readonly attempt: number;
  readonly firstRunId: string;
  readonly maxAttempts: number;
  readonly scheduleName?: string;
  /** A schedule's fire time: (scheduleName, fireAt) is unique, so no time fires twice. */
  readonly fireAt?: number;
  readonly baseDir: string;
  /** Default 'local'. */
  readonly target?: RunTarget;
}

/** The metrics a finished (or crashed) run leaves behind. */
export interface RunMetrics {
  readonly nodeMetrics: readonly NodeSummary[];
  readonly stages: readonly StageInfo[];
  readonly stageSummaries: readonly StageSummary[];
  readonly partitions: readonly PartitionMetrics[];
  readonly outputs: readonly OutputRecord[];
  readonly models: readonly ModelRecord[];
  readonly durationMs: number;
}

/** A run's state changed (the studio's live `history` event). */
export interface HistoryChange { readonly runId: string; readonly state: RunState }
