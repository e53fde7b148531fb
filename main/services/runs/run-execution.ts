// One run from PENDING to its final state: read the document (a schedule's run reads its file
// now), refuse an invalid one as FAILED (no retry can fix it), run it on the engine, store what
// it reported, and schedule the next attempt when a retry might succeed.

import { randomUUID } from 'node:crypto';
import type { PipelineDocument } from '../../../engine/document/document-types.ts';
import type { Engine, RunResult } from '../../../engine/exec/engine.ts';
import type { RunEvent } from '../../../engine/exec/events.ts';
import type { PathPolicy } from '../../../engine/path-policy.ts';
import type { Clock } from './clock.ts';
import { contentHash, outputBytes, sinkTargets } from './run-document.ts';
import { RunRecorder } from './run-recorder.ts';
import type { RunStore } from './run-store.ts';
import type { RunErrorRecord, RunState, RunTarget, RunTrigger, SparkRunInfo } from './run-types.ts';
import { retryDelayMs } from './retry-policy.ts';

export interface QueuedRun {
  readonly id: string;
  readonly firstRunId: string;
  readonly attempt: number;
  readonly maxAttempts: number;
  /** The pipeline file (or an unsaved document's name): the per-pipeline concurrency key. */
  readonly pipeline: string;
  readonly trigger: RunTrigger;
  /** Null for a schedule's run: the file is read when the run starts. */
  readonly document: PipelineDocument | null;
  readonly baseDir: string;
  readonly partitions?: number;
  readonly scheduleName?: string;
  /** Default 'local'. */
  readonly target?: RunTarget;
  readonly master?: string;
}

export interface RunOutcome {
  readonly runId: string;
  readonly state: RunState;
  readonly result?: RunResult;
  /** The next attempt, when one was scheduled. */
  readonly retry?: { readonly runId: string; readonly at: number };
}

export interface ExecuteContext {
  readonly store: RunStore;
  readonly engine: () => Engine;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly random: () => number;
  readonly onEvent: (e: RunEvent) => void;
  readonly onState: (state: RunState) => void;
  /** Which files the document may name (engine/path-policy.ts); absent: anywhere. */
  readonly pathPolicy?: () => Promise<PathPolicy> | PathPolicy;
}

const LOG_FLUSH_LINES = 200;

export async function executeRun(q: QueuedRun, ctx: ExecuteContext): Promise<RunOutcome> {
  const { store, clock } = ctx;
  // A document handed in was checked by whoever started the run; a schedule's file is checked now.
  const document = q.document ?? await readPipeline(q.pipeline);
  const pathPolicy = ctx.pathPolicy ? await ctx.pathPolicy() : undefined;
  const issues = typeof document === 'string' ? [document] : q.document ? [] : await documentIssues(document, q.baseDir, pathPolicy);
  if (typeof document === 'string' || issues.length > 0) {
    const message = issues.join('\n');
    return refuse(q, ctx, { message, retryable: false });
  }
  if (ctx.signal.aborted) return refuse(q, ctx, undefined);
  const ran = store.transition(q.id, 'RUNNING', clock.now(), {
    document, contentHash: contentHash(document), targets: sinkTargets(document, q.baseDir),
  }, 'PENDING');
  if (!ran) return { runId: q.id, state: store.get(q.id)?.state ?? 'CANCELLED' };
  ctx.onState('RUNNING');

  const recorder = new RunRecorder();
  const started = clock.now();
  let thrown: unknown;
  let threw = false;
  let result: RunResult | undefined;
  let spark: SparkRunInfo | undefined;
  const onEvent = (e: RunEvent): void => {
    recorder.onEvent(e, clock.now());
    if (recorder.pendingLogs.length >= LOG_FLUSH_LINES) store.appendLogs(q.id, recorder.takeLogs());
    ctx.onEvent(e);
  };
  try {
    if (q.target === 'spark') {
      // The same events as a local run (Spark's stages and tasks as stages and partitions).
      const { runOnSpark } = await import('../spark/run-on-spark.ts');
      const ran = await runOnSpark(document, {
        baseDir: q.baseDir, runId: q.id, signal: ctx.signal, onEvent, ...(q.master !== undefined ? { master: q.master } : {}),
      });
      result = ran;
      spark = ran.spark;
    } else {
      result = await ctx.engine().run(document, {
        baseDir: q.baseDir, runId: q.id, signal: ctx.signal, onEvent, ...(pathPolicy ? { pathPolicy } : {}),
        ...(q.partitions !== undefined ? { partitions: q.partitions } : document.settings?.partitions !== undefined ? { partitions: document.settings.partitions } : {}),
      });
    }
  } catch (e) {
    thrown = e;
    threw = true;
  }
  const status = result?.status ?? (ctx.signal.aborted ? 'CANCELLED' : 'FAILED');
  const failure = result?.error ?? (threw ? errorOf(thrown) : undefined);
  if (!recorder.finished) {
    // The engine failed without telling the run's listeners: tell them, so no run hangs.
    ctx.onEvent({ type: 'run.finished', runId: q.id, status, durationMs: clock.now() - started, nodes: result?.nodes ?? [],
      ...(failure ? { error: { ...(failure.nodeId ? { nodeId: failure.nodeId } : {}), message: failure.message || 'the run failed' } } : {}) });
  }
  store.appendLogs(q.id, recorder.takeLogs());
  const metrics = recorder.metrics(result, clock.now() - started);
  const withBytes = { ...metrics, outputs: metrics.outputs.map((o) => ({ ...o, ...optionalBytes(o.path) })) };
  // A run that failed before planning a stage, or on a document error, cannot succeed on retry.
  // On Spark: one whose application started (a failed task, a lost executor) may succeed on retry.
  const planned = q.target === 'spark' ? spark?.applicationId !== undefined : recorder.plannedStages;
  const retryable = status === 'FAILED' && planned && !isDocumentError(thrown);
  const error: RunErrorRecord | undefined = status === 'FAILED' && failure
    ? { ...failure, message: failure.message || 'the run failed', retryable } : undefined;
  store.transition(q.id, status, clock.now(), {
    metrics: withBytes, ...(spark ? { spark } : {}), ...(error ? { error, message: error.message } : {}),
  }, 'RUNNING');
  ctx.onState(status);
  const retry = status === 'FAILED' && retryable && q.attempt < q.maxAttempts ? scheduleRetry(q, document, ctx) : undefined;
  return { runId: q.id, state: status, ...(result ? { result } : {}), ...(retry ? { retry } : {}) };
}

function refuse(q: QueuedRun, ctx: ExecuteContext, error: RunErrorRecord | undefined): RunOutcome {
  const state: RunState = error ? 'FAILED' : 'CANCELLED';
  const at = ctx.clock.now();
  if (!ctx.store.transition(q.id, state, at, error ? { error, message: error.message } : { message: 'cancelled before it started' }, 'PENDING')) {
    return { runId: q.id, state: ctx.store.get(q.id)?.state ?? state };
  }
  ctx.onState(state);
  ctx.onEvent({ type: 'run.finished', runId: q.id, status: state === 'FAILED' ? 'FAILED' : 'CANCELLED', durationMs: 0, nodes: [],
    ...(error ? { error: { message: error.message } } : {}) });
  return { runId: q.id, state };
}

function scheduleRetry(q: QueuedRun, document: PipelineDocument, ctx: ExecuteContext): { runId: string; at: number } {
  const at = ctx.clock.now() + retryDelayMs(document.settings, q.attempt, ctx.random);
  const id = randomUUID();
  ctx.store.insertRun({
    id, state: 'SCHEDULED', trigger: `retry:${q.firstRunId}`, pipeline: q.pipeline, pipelineName: document.name,
    contentHash: contentHash(document), document, target: q.target ?? 'local',
    options: { ...(q.partitions !== undefined ? { partitions: q.partitions } : {}), ...(q.master !== undefined ? { master: q.master } : {}) },
    createdAt: ctx.clock.now(), scheduledAt: at, attempt: q.attempt + 1, firstRunId: q.firstRunId, maxAttempts: q.maxAttempts,
    baseDir: q.baseDir, ...(q.scheduleName ? { scheduleName: q.scheduleName } : {}),
  });
  return { runId: id, at };
}

/** The document of a schedule's run, or a sentence saying why it cannot be read. */
async function readPipeline(file: string): Promise<PipelineDocument | string> {
  const { loadDocumentFile } = await import('../../../engine/document/load.ts');
  try {
    const { document, issues } = await loadDocumentFile(file);
    if (!document || issues.length > 0) return `${file}: ${issues.map((i) => i.message).join('; ') || 'not a pipeline document'}`;
    return document;
  } catch (e) {
    return `${file}: ${(e as Error).message}`;
  }
}

async function documentIssues(document: PipelineDocument, baseDir: string, pathPolicy: PathPolicy | undefined): Promise<string[]> {
  const { compile } = await import('../../../engine/compile.ts');
  const built = await compile(document, { baseDir, optimize: false, ...(pathPolicy ? { pathPolicy } : {}) });
  return built.issues.map((i) => (i.nodeId ? `node '${i.nodeId}': ${i.message}` : i.message));
}

function isDocumentError(e: unknown): boolean {
  return (e as { name?: unknown } | null)?.name === 'PipelineError';
}

function errorOf(e: unknown): { nodeId?: string; message: string } {
  const nodeId = (e as { nodeId?: unknown } | null)?.nodeId;
  const message = e instanceof Error ? e.message : e == null ? 'the engine failed without saying why' : String(e);
  return { ...(typeof nodeId === 'string' ? { nodeId } : {}), message };
}

function optionalBytes(file: string): { bytes?: number } {
  const bytes = outputBytes(file);
  return bytes === undefined ? {} : { bytes };
}
