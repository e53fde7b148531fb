// The Engine: run, preview or explain a document, compiled by engine/compile.ts. It keeps a warm worker pool between runs (until close()); small inputs run in this
// thread without the pool, so a 10k-row pipeline needs no thread start at all.

import { availableParallelism } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { RecordBatch } from 'apache-arrow';
import type { PipelineDocument } from '../document/document-types.ts';
import { NodeExecutionError, PipelineError } from '../errors.ts';
import { explainPlan } from '../logical/explain.ts';
import type { PhysicalPlanOptions } from '../physical/planner.ts';
import { previewTopK } from '../physical/preview-top-k.ts';
import { explainPhysical } from '../physical/explain-physical.ts';
import { planGraph, type PlanGraph } from '../physical/plan-graph.ts';
import type { Compilation } from '../compile-types.ts';
import type { FrontCache } from '../compile-types.ts';
import type { PhysicalPlan } from '../physical/physical-types.ts';
import { opsOf } from '../physical/physical-types.ts';
import { estimateRows } from '../logical/estimate.ts';
import type { Schema } from '../types.ts';
import type { FittedModel } from '../ml/stage.ts';
import type { NodeSummary, RunEvent, RunStatus, StageSummary } from './events.ts';
import { executePlan, type ExecuteOptions, type ExecuteResult } from './execute.ts';
import type { WorkerPool } from './pool.ts';
import { INLINE_MAX_ROWS } from './prestart.ts';
import type { PathPolicy } from '../path-policy.ts';
import { upstreamDocument } from './preview-scope.ts';
import { BuildTableCache, BuildTables, buildTableKeys } from './build-tables.ts';
import { metadataRowCount } from './preview-count.ts';
import { cutSources, type PrefixSource } from './preview-prefix.ts';
import { resolveBudgetBytes } from './memory/budget.ts';

export interface RunOptions {
  baseDir: string;
  /** Which files the document may read and write (default any: the CLI); checked at lowering
   *  and again for each file a source expands to. */
  pathPolicy?: PathPolicy;
  partitions?: number;
  signal?: AbortSignal;
  onEvent?: (e: RunEvent) => void;
  runId?: string;
  disabledRules?: readonly string[];
  /** Where tasks run: 'auto' (default) runs small inputs in this thread, others on the pool. */
  mode?: 'auto' | 'pool' | 'inline';
  /** Tests only: make one pool task's worker fail (exit, uncaught error, thrown error). */
  injectFault?: ExecuteOptions['injectFault'];
  /** Live row counts of running tasks at most this often (default 250 ms). */
  progressEveryMs?: number;
  /** false: no skew mitigation in this run: no split join partitions, no coalescing, count_distinct in one level
   *  (settings.skewMitigation does the same per pipeline). */
  skewMitigation?: boolean;
  /** This run's memory budget (the CLI's --memory); over the document's settings.memoryBudgetMB,
   *  which is over the engine's default (docs/memory.md). */
  memoryBudgetBytes?: number;
}

export interface RunResult {
  runId: string;
  status: RunStatus;
  durationMs: number;
  nodes: NodeSummary[];
  outputs: { nodeId: string; path: string; rows: number }[];
  error?: { nodeId?: string; message: string };
  /** Per-stage statistics (rows and time spread, skew, slowest partition, hot key). */
  stages?: StageSummary[];
  /** The fitted feature and model stages, keyed by node id (as the 'model.fitted' events). */
  models?: Record<string, FittedModel>;
}

export interface PreviewOutput {
  nodeId: string;
  schema: Schema;
  batches: RecordBatch[];
  /** The node's rows in all when `totalRowsExact`; otherwise the rows read before the preview
   *  stopped (at least the rows shown): Engine.previewCount counts them. */
  totalRows: number;
  /** False when the preview stopped once it had its rows (count: 'later') and no file footer
   *  told the total. Aggregates, sorts and other nodes that need all their input always compute
   *  their rows exactly; so are their first rows here. */
  totalRowsExact: boolean;
  durationMs: number;
  /** The fast path (PreviewOptions.prefixRows): the sources that were read only up to the cap;
   *  the rows are the node's answer over those first rows. Absent: the answer is exact. */
  prefix?: PrefixSource[];
}

export interface PreviewOptions extends RunOptions {
  limit?: number;
  /** 'exact' (default): compute the node completely and count its rows. 'later': stop once the
   *  first `limit` rows are there (scans read no further) and leave the count to previewCount,
   *  unless Parquet footers tell it exactly. */
  count?: 'exact' | 'later';
  /** For a node that needs all its input (an aggregate or sort, or downstream of one): answer
   *  from each source's first rows up to this cap (preview-prefix.ts), labelled in `prefix`. */
  prefixRows?: number;
}

export class Engine {
  private readonly threads: number;
  private pool?: WorkerPool;
  private readonly compileCache: FrontCache | undefined;
  /** The budget of a run that names none, nor its document (a studio setting); else the machine's. */
  memoryBudgetBytes: number | undefined;
  /** Join tables built by previews in this thread, kept for the next preview (build-tables.ts). */
  readonly buildTableCache = new BuildTableCache();

  /** `pool`: one started already (prestart.ts), adopted as this engine's warm pool.
   *  `compileCache`: shared with the caller's own compile() calls (the studio's check), so a
   *  document version checked and then run is compiled once. */
  constructor(opts: { threads?: number; pool?: WorkerPool; compileCache?: FrontCache; memoryBudgetBytes?: number } = {}) {
    this.threads = Math.max(1, opts.threads ?? opts.pool?.threads ?? availableParallelism());
    this.pool = opts.pool;
    this.compileCache = opts.compileCache;
    this.memoryBudgetBytes = opts.memoryBudgetBytes;
  }

  async run(doc: PipelineDocument, opts: RunOptions): Promise<RunResult> {
    const runId = opts.runId ?? randomUUID();
    const t0 = performance.now();
    const compiled = await this.compile(doc, opts, { kind: 'run' });
    if (!compiled.physical) return this.failedBeforeStart(runId, compiled.physicalError, opts, t0);
    const result = await this.execute(compiled.physical, doc, opts, runId);
    return {
      runId, status: result.status, durationMs: result.durationMs, nodes: result.nodes, outputs: result.outputs,
      stages: result.stages, ...(result.models.size > 0 ? { models: Object.fromEntries(result.models) } : {}),
      ...(result.error ? { error: result.error } : {}),
    };
  }

  async preview(doc: PipelineDocument, nodeId: string, opts: PreviewOptions): Promise<PreviewOutput> {
    const t0 = performance.now();
    const limit = Math.max(0, opts.limit ?? 100);
    const stopAtLimit = opts.count === 'later';
    const prefixRows = opts.prefixRows !== undefined ? { prefixRows: opts.prefixRows } : {};
    const target = { kind: 'preview', nodeId, limit, ...(stopAtLimit ? { stopAtLimit } : {}), ...prefixRows } as const;
    // The whole document first: that is the version the studio's check compiled and cached. When
    // it has a problem, only what the node needs: an error elsewhere does not block its preview.
    let scoped = doc;
    let { optimized, physical, physicalError } = await this.compile(doc, opts, target).catch((e: unknown) => {
      if (!(e instanceof PipelineError)) throw e;
      scoped = upstreamDocument(doc, nodeId);
      return this.compile(scoped, opts, target);
    });
    let mode = opts.mode;
    let tables: BuildTables | undefined;
    if (stopAtLimit && opts.partitions === undefined && physical && physical.partitions > 1 && streamsFromSources(physical, nodeId)) {
      // A result stage straight from the sources (with at most broadcast builds before it): one
      // partition reads the first splits in file order and stops, instead of every partition
      // decoding a first batch nobody shows (and building its own copy of a broadcast join's
      // table).
      ({ optimized, physical, physicalError } = await this.compile(scoped, { ...opts, partitions: 1 }, target));
      // In this thread: no hop to a worker and back for a few rows, and the studio's thread has
      // the modules loaded (preloadModules) and the join tables kept (build-tables.ts).
      const keys = physical && opts.mode !== 'pool' ? await buildTableKeys(physical) : new Map<number, string>();
      if (keys.size > 0) tables = new BuildTables(this.buildTableCache, keys);
      mode ??= 'inline';
    }
    if (!physical) throw physicalError ?? new Error(`no physical plan to preview '${nodeId}'`);
    const node = optimized!.nodes.get(nodeId);
    const extra = { saveModels: false, ...(tables ? { buildTables: tables } : {}) };
    const result = await this.execute(physical, doc, { ...opts, ...(mode ? { mode } : {}) }, opts.runId ?? randomUUID(), extra);
    if (result.status !== 'COMPLETED') {
      if (result.status === 'CANCELLED') throw Object.assign(new Error('the preview was cancelled'), { name: 'AbortError' });
      const failed = result.error?.nodeId ?? nodeId;
      const message = (result.error?.message ?? 'the preview failed').replace(`node '${failed}': `, '');
      const err = new NodeExecutionError(failed, message, { cause: result.failure });
      if (result.failure instanceof Error && result.failure.stack) err.stack = result.failure.stack;
      throw err;
    }
    const all = result.results.get(nodeId) ?? [];
    const batches: RecordBatch[] = [];
    let kept = 0;
    for (const b of all) {
      if (kept >= limit) break;
      const take = Math.min(b.numRows, limit - kept);
      batches.push(take === b.numRows ? b : b.slice(0, take));
      kept += take;
    }
    let totalRows = result.resultRows.get(nodeId) ?? 0;
    // A sort computed as its top rows (previewTopK) has its count left open too.
    let totalRowsExact = !result.resultsCut.has(nodeId) && !previewTopK(node!, target);
    if (!totalRowsExact) {
      const fromFooters = await metadataRowCount(node!);
      if (fromFooters !== undefined) [totalRows, totalRowsExact] = [fromFooters, true];
    }
    const prefix = opts.prefixRows !== undefined ? await cutSources(physical) : [];
    return {
      nodeId, schema: node!.schema, batches, totalRows, totalRowsExact, durationMs: performance.now() - t0,
      ...(prefix.length > 0 ? { prefix } : {}),
    };
  }

  /** The node's exact row count (the total a preview with count 'later' left open): the node
   *  computed completely, none of its rows kept. */
  async previewCount(doc: PipelineDocument, nodeId: string, opts: RunOptions): Promise<{ nodeId: string; totalRows: number; durationMs: number }> {
    const out = await this.preview(doc, nodeId, { ...opts, limit: 0, count: 'exact' });
    return { nodeId, totalRows: out.totalRows, durationMs: out.durationMs };
  }

  async explain(doc: PipelineDocument, opts: RunOptions): Promise<{ logical: string; optimized: string; physical: string; rulesFired: string[]; graph?: PlanGraph }> {
    const compiled = await this.compile(doc, opts, { kind: 'run' });
    const physical = compiled.physical
      ? explainPhysical(compiled.physical)
      : `(no physical plan: ${compiled.physicalError?.message ?? 'unknown error'})`;
    return {
      logical: explainPlan(compiled.logical!), optimized: explainPlan(compiled.optimized!), physical, rulesFired: [...compiled.rulesFired],
      // The same plan as data, for the studio's plan graph.
      ...(compiled.physical ? { graph: planGraph(compiled.physical, compiled.rulesFired) } : {}),
    };
  }

  /** Starts the worker pool now (the studio calls this at start-up), so the first big run does
   *  not wait for threads to load the engine's modules. */
  async warm(): Promise<void> {
    this.pool ??= new (await import('./pool.ts')).WorkerPool(this.threads);
  }

  /** Loads in this thread the modules a first preview or run needs (the planner's and every
   *  operator's, and the Parquet reader's wasm): the studio calls it at start-up, so its first
   *  preview does not wait on them. */
  async preloadModules(): Promise<void> {
    await import('../compile.ts');
    await (await import('./operators.ts')).preloadAllOperators();
    await (await import('../io/parquet/read.ts')).preloadParquetReader();
  }

  /** Live pool threads (0 before the first pooled run and after close()). */
  get liveThreads(): number {
    return this.pool?.liveThreads ?? 0;
  }

  async close(): Promise<void> {
    this.buildTableCache.clear();
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }

  /** The document compiled up to the physical plan for `target`; throws a PipelineError with
   *  every issue when the document has problems. */
  private async compile(doc: PipelineDocument, opts: RunOptions, target: PhysicalPlanOptions['target']): Promise<Compilation> {
    // Loaded on first use: a process that only prestarts the pool skips the planner's modules.
    const { compile } = await import('../compile.ts');
    const compiled = await compile(doc, {
      baseDir: opts.baseDir,
      ...(opts.pathPolicy ? { pathPolicy: opts.pathPolicy } : {}),
      ...(opts.disabledRules ? { disabledRules: opts.disabledRules } : {}),
      ...(this.compileCache ? { cache: this.compileCache } : {}),
      physical: {
        target, defaultPartitions: this.threads, ...(opts.partitions !== undefined ? { partitions: opts.partitions } : {}),
        ...(opts.skewMitigation === false ? { skewMitigation: false } : {}),
      },
    });
    if (compiled.issues.length > 0) throw new PipelineError(compiled.issues);
    return compiled;
  }

  private async execute(physical: PhysicalPlan, doc: PipelineDocument, opts: RunOptions, runId: string, extra: Pick<ExecuteOptions, 'saveModels' | 'buildTables'> = {}): Promise<ExecuteResult> {
    const inline = opts.mode === 'inline' || (opts.mode !== 'pool' && isSmall(physical));
    // piscina loads only when a run needs the pool: small runs in a fresh process skip it.
    if (!inline) await this.warm();
    return executePlan(physical, {
      runId,
      ...(inline ? {} : { pool: this.pool! }),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
      ...(opts.injectFault ? { injectFault: opts.injectFault } : {}),
      ...(opts.progressEveryMs !== undefined ? { progressEveryMs: opts.progressEveryMs } : {}),
      ...(doc.settings?.skewFactor !== undefined ? { skewFactor: doc.settings.skewFactor } : {}),
      ...(opts.skewMitigation === false || doc.settings?.skewMitigation === false ? { skewMitigation: false } : {}),
      memoryBudgetBytes: resolveBudgetBytes(opts.memoryBudgetBytes, doc.settings?.memoryBudgetMB, this.memoryBudgetBytes),
      ...extra,
    });
  }

  private failedBeforeStart(runId: string, e: unknown, opts: RunOptions, t0: number): RunResult {
    const error = e instanceof NodeExecutionError ? { nodeId: e.nodeId, message: e.message } : { message: e instanceof Error ? e.message : String(e) };
    const durationMs = performance.now() - t0;
    opts.onEvent?.({ type: 'run.started', runId, at: Date.now(), stages: [] });
    opts.onEvent?.({ type: 'run.finished', runId, status: 'FAILED', durationMs, nodes: [], error });
    return { runId, status: 'FAILED', durationMs, nodes: [], outputs: [], error, stages: [] };
  }
}

/** Whether the result stage of `nodeId` reads a source and every other stage is a broadcast
 *  build: the preview then stops once it has its rows, and one partition is enough. */
function streamsFromSources(physical: PhysicalPlan, nodeId: string): boolean {
  const result = physical.stages[physical.results.get(nodeId) ?? -1];
  if (!result || !opsOf(result.root).some((op) => op.kind === 'scan')) return false;
  return physical.stages.every((s) => s === result || s.output.kind === 'broadcast');
}

/** True when every scan's estimated rows are known and together under INLINE_MAX_ROWS. */
function isSmall(physical: PhysicalPlan): boolean {
  let rows = 0;
  for (const stage of physical.stages) {
    for (const op of opsOf(stage.root)) {
      if (op.kind !== 'scan') continue;
      const n = estimateRows({ ...op.scan, op: 'scan' });
      if (n === undefined) return false;
      rows += n;
    }
  }
  return rows <= INLINE_MAX_ROWS;
}
