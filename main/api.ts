// The one contract between the renderer and the main process. Types only: the renderer imports
// it with `import type`. Both adapters (Electron IPC in main/electron, HTTP + WebSocket in
// main/server) implement exactly these calls and events over the same services, and validate
// every payload against main/api-schema.ts before a service sees it.

import type { KindDef } from '../engine/document/catalog-types.ts';
import type { PipelineDocument } from '../engine/document/document-types.ts';
import type { PipelineIssue } from '../engine/errors.ts';
import type { RunEvent } from '../engine/exec/events.ts';
import type { PlanGraph } from '../engine/physical/plan-graph.ts';
import type { DataType, Schema } from '../engine/types.ts';
import type { HistoryChange, RunRecord, RunState, RunSummary, RunTarget } from './services/runs/run-types.ts';
import type { SparkStatus } from './services/spark/spark-settings.ts';
import type { ScheduleView } from './services/schedules/schedule-service.ts';
import type { LoadedModelView } from '../engine/ml/spark/describe-folder.ts';

export type { HistoryChange, RunRecord, RunState, RunSummary, ScheduleView };
export type { PlanGraph };
export type { RunTarget, SparkStatus };

/** What the Schedules panel sends to add a schedule (either `cron` [+ `timezone`] or `every`). */
export interface ScheduleRequest {
  pipeline: string; cron?: string; timezone?: string; every?: string; anchor?: string; name?: string;
  retries?: number; overlap?: string; catchUp?: string; catchUpCap?: number;
}

/** What the Schedules panel's Edit sends: only what changes. */
export interface ScheduleEditRequest {
  name: string; cron?: string; timezone?: string; every?: string; anchor?: string; enabled?: boolean;
  retries?: number | null; overlap?: string; catchUp?: string; catchUpCap?: number;
}

export type { KindDef, PipelineDocument, PipelineIssue, RunEvent, Schema, DataType };

/** A preview cell as JSON: int64 beyond 2^53 as a decimal string, dates and timestamps as ISO
 *  strings, vectors as number arrays. `null` is SQL null (distinct from the empty string). */
export type Cell = null | boolean | number | string | readonly number[];

export interface ColumnSummary {
  readonly name: string;
  readonly type: DataType;
  readonly nulls: number;
  readonly min: Cell;
  readonly max: Cell;
  readonly distinctEstimate: number;
  /** Numeric columns: equal-width bins over [min, max]; string columns: the most frequent values. */
  readonly histogram: readonly { readonly label: string; readonly count: number }[];
}

export interface PreviewResult {
  readonly nodeId: string;
  readonly schema: Schema;
  readonly rows: readonly (readonly Cell[])[];
  /** Rows the node produced in all (the preview shows at most `limit`); when `totalRowsExact`
   *  is false, only the rows read before the preview stopped (ask node.previewCount). */
  readonly totalRows: number;
  readonly summaries: readonly ColumnSummary[];
  readonly durationMs: number;
  /** False when the preview stopped once it had its first rows and the total is still to be
   *  counted (node.previewCount); absent or true: `totalRows` is the node's exact total.
   *  The rows are exact unless `prefix` says otherwise. */
  readonly totalRowsExact?: boolean;
  /** The fast path of a node that needs all its input (an aggregate, a sort, or downstream of
   *  one) over a large source: the rows are its answer over these sources' first rows only.
   *  Absent: the answer is exact. node.preview with `exact: true` computes the exact answer. */
  readonly prefix?: readonly PreviewPrefixSource[];
}

/** A source a fast preview read only the first `rows` of (of `ofRows` in all). */
export interface PreviewPrefixSource {
  readonly nodeId: string;
  readonly rows: number;
  readonly ofRows: number;
}

/** node.previewCount: the exact row count of a node a preview left uncounted. */
export interface PreviewCountResult {
  readonly nodeId: string;
  readonly totalRows: number;
  readonly durationMs: number;
}

export interface CheckResult {
  /** Empty when the document is valid. */
  readonly issues: readonly PipelineIssue[];
  /** Schema of every output port that could be inferred, keyed "nodeId.port". */
  readonly ports: Readonly<Record<string, Schema>>;
}

export interface ExplainResult {
  readonly logical: string;
  readonly optimized: string;
  readonly physical: string;
  /** Which optimizer rules changed the plan, in order. */
  readonly rulesFired: readonly string[];
  /** The physical plan as stages and exchanges, for the Plan tab's graph (absent when there is
   *  no physical plan). */
  readonly graph?: PlanGraph;
}

export interface PipelineFile { readonly path: string; readonly document: PipelineDocument }

export interface AppInfo {
  readonly version: string;
  readonly mode: 'electron' | 'browser';
  readonly cores: number;
  /** The folder relative file paths in the studio resolve against. */
  readonly workspace: string;
}

/** The studio's own settings (settings.load / settings.save). */
export interface AppSettings {
  /** Absolute folders besides the workspace whose files pipelines may read and write in browser
   *  mode (Electron allows any path the user picks). */
  readonly dataFolders: readonly string[];
  /** The memory budget of a run whose document sets none (MB, all threads together); absent:
   *  half the machine's memory (docs/memory.md). */
  readonly memoryBudgetMB?: number;
}

/** Every call: channel -> [request, response]. */
export interface ApiCalls {
  'app.info': [Record<string, never>, AppInfo];
  'catalog.list': [Record<string, never>, readonly KindDef[]];
  'pipeline.check': [{ document: PipelineDocument; path?: string }, CheckResult];
  'pipeline.explain': [{ document: PipelineDocument; path?: string; disabledRules?: readonly string[] }, ExplainResult];
  /** `target` 'spark' runs the exported PySpark job on the master of spark.status (never the document's). */
  'run.start': [{ document: PipelineDocument; path?: string; partitions?: number; target?: RunTarget }, { runId: string }];
  'run.cancel': [{ runId: string }, { cancelled: boolean }];
  /** `exact`: compute an aggregate or sort over all its input, never its fast path (PreviewResult.prefix). */
  'node.preview': [{ document: PipelineDocument; path?: string; nodeId: string; limit?: number; exact?: boolean }, PreviewResult];
  /** Counts a node's rows in the background; a new node.preview or node.previewCount cancels
   *  the one in flight (it then fails with a cancellation). */
  'node.previewCount': [{ document: PipelineDocument; path?: string; nodeId: string }, PreviewCountResult];
  'files.examples': [Record<string, never>, readonly PipelineFile[]];
  'files.open': [{ path: string }, PipelineFile];
  'files.save': [{ path: string; document: PipelineDocument }, { path: string }];
  'files.list': [{ dir?: string }, { dir: string; entries: readonly { name: string; isDir: boolean }[] }];
  'autosave.load': [Record<string, never>, { document: PipelineDocument; path?: string; savedAt: number } | null];
  'autosave.store': [{ document: PipelineDocument; path?: string }, { savedAt: number }];
  'settings.load': [Record<string, never>, AppSettings];
  'settings.save': [AppSettings, AppSettings];
  /** The document as a standalone program (engine/export/targets.ts); `path` is its file, if saved. */
  'pipeline.export': [{ document: PipelineDocument; target: string; path?: string }, ExportResult];
  'pipeline.exportTargets': [Record<string, never>, readonly ExportTargetInfo[]];
  'history.list': [{ pipeline?: string; state?: RunState; trigger?: string; limit?: number; target?: RunTarget }, readonly RunSummary[]];
  'history.get': [{ runId: string }, RunRecord];
  /** Runs the document exactly as that run ran it again (trigger `rerun:RUN_ID`). */
  'history.rerun': [{ runId: string }, { runId: string }];
  'schedules.list': [Record<string, never>, readonly ScheduleView[]];
  /** A timing in words and its next five fire times, without saving anything (the add form). */
  'schedules.preview': [{ cron?: string; timezone?: string; every?: string; anchor?: string }, { description: string; nextFireTimes: readonly number[] }];
  'schedules.add': [ScheduleRequest, ScheduleView];
  'schedules.pause': [{ name: string }, ScheduleView];
  'schedules.resume': [{ name: string }, ScheduleView];
  'schedules.remove': [{ name: string }, { removed: string }];
  /** Changes a schedule in place: its name (its id) and its runs stay; `retries: null` is the pipeline's own. */
  'schedules.edit': [ScheduleEditRequest, ScheduleView];
  /** Whether Spark can run here (why not, and how to install it) and the master a run goes to. */
  'spark.status': [Record<string, never>, SparkStatus];
  /** The studio's Spark master (null: back to SPARK_MASTER, else local[*]). */
  'spark.setMaster': [{ master: string | null }, SparkStatus];
  /** The expression language's functions (engine/logical/function-catalog.ts), for completion. */
  'catalog.functions': [Record<string, never>, readonly FunctionInfo[]];
  /** Whether a source's or sink's path exists, its size, and rows from Parquet footers; `path` is
   *  relative to the pipeline file at `docPath` (as in the document). Paths the path policy
   *  refuses answer status 'refused' with the rule, never whether they exist. */
  'files.stat': [{ path: string; docPath?: string; format?: DataFileFormat }, DataFileStat];
  /** A workspace (or data) folder's sub-folders and data files of `format`, as files.list answers. */
  'files.listData': [{ dir?: string; format?: DataFileFormat }, { dir: string; entries: readonly { name: string; isDir: boolean }[] }];
  /** The recently picked data files, newest first, as paths for the document at `docPath`. */
  'files.recent': [{ docPath?: string }, { paths: readonly string[] }];
  /** Adds a picked path (relative to the document at `docPath`) to the recent files. */
  'files.remember': [{ path: string; docPath?: string }, { paths: readonly string[] }];
  /** The desktop app's native file dialog; browser mode refuses it (the studio offers its
   *  workspace browser there). `path` comes back as the document would write it, null when cancelled. */
  'files.pickNative': [{ mode: 'open' | 'save'; format?: DataFileFormat; docPath?: string }, { path: string | null }];
  /** What the folder of a model.load node holds and where it came from (the Model tab). */
  'model.describe': [{ document: PipelineDocument; path?: string; nodeId: string }, LoadedModelInfo];
}

export type DataFileFormat = 'parquet' | 'csv' | 'json';

/** What files.stat knows about a path. 'folder' and 'glob' count the data files they stand for. */
export interface DataFileStat {
  readonly path: string;
  readonly status: 'file' | 'folder' | 'glob' | 'missing' | 'refused';
  readonly bytes?: number;
  readonly files?: number;
  /** Parquet only: rows from the files' footers (exact). */
  readonly rows?: number;
  readonly modifiedAt?: number;
  /** Why it is missing or refused, or why the rows are unknown. */
  readonly message?: string;
}

/** A model folder as the Model tab shows it: its stages' numbers, its origin, and the history's
 *  record of each run that saved a stage of it (absent when that run is not in this history). */
export interface LoadedModelInfo extends LoadedModelView {
  readonly runs: Readonly<Record<string, { readonly pipeline: string; readonly pipelineName: string; readonly state: RunState; readonly trigger: string; readonly finishedAt?: number }>>;
}

/** One function of the expression language as the studio's completion shows it. */
export interface FunctionInfo {
  readonly name: string;
  /** How it is called, e.g. `round(x) or round(x, digits)`. */
  readonly usage: string;
  /** What it computes, in one line. */
  readonly doc: string;
  readonly group: string;
}

export interface ExportResult {
  readonly code: string;
  /** A file name for the program, from the pipeline's name. */
  readonly fileName: string;
}

export interface ExportTargetInfo { readonly key: string; readonly title: string; readonly extension: string }

/** Every event stream: channel -> payload. */
export interface ApiEvents {
  'run.event': RunEvent;
  /** A run of the history changed state (any run: the studio's, the CLI's, a schedule's). */
  'history': HistoryChange;
}

export type CallChannel = keyof ApiCalls;
export type EventChannel = keyof ApiEvents;
export type CallRequest<C extends CallChannel> = ApiCalls[C][0];
export type CallResponse<C extends CallChannel> = ApiCalls[C][1];

/** What the renderer holds: the preload bridge or the WebSocket client, both of this shape. */
export interface Api {
  call<C extends CallChannel>(channel: C, request: CallRequest<C>): Promise<CallResponse<C>>;
  /** Returns an unsubscribe function. */
  on<E extends EventChannel>(channel: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

/** An error as it crosses the boundary: the issues when the document was at fault. */
export interface ApiError { readonly message: string; readonly issues?: readonly PipelineIssue[] }
