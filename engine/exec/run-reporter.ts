// What a run tells: its events (started, live and finished progress per node, partitions,
// stages with their spread, skew and spill, fitted models, finished) and the totals the run's
// result carries. The scheduler (execute.ts) calls it as stages and partitions finish.

import type { RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../errors.ts';
import type { FittedModel } from '../ml/stage.ts';
import type { PhysicalPlan, Stage } from '../physical/physical-types.ts';
import { exchangeLabel } from '../physical/explain-physical.ts';
import type { Mitigation, NodeSummary, PartitionMetrics, RunEvent, RunStatus, StageSummary } from './events.ts';
import type { ProgressReport } from './instrument.ts';
import type { HotKey } from './key-sampler.ts';
import type { OpMetrics, PartitionOutcome } from './run-partition.ts';
import { summarizeStage } from './stage-summary.ts';
import type { StageInput } from './skew/diagnose.ts';

export interface ReporterOptions {
  readonly runId: string;
  readonly onEvent?: (e: RunEvent) => void;
  readonly skewFactor?: number;
  readonly skewMinRows?: number;
  /** False for a preview: no saveTo folder is written. */
  readonly saveModels?: boolean;
}

export class RunReporter {
  private readonly opts: ReporterOptions;
  private listenerFailed = false;
  private readonly nodeRows = new Map<string, number>();
  private readonly nodeMs = new Map<string, number>();
  private readonly stageNodeMs = new Map<string, number>();
  private readonly stageRowsOut = new Map<number, number>();
  /** Rows so far of running partitions, per node ("stage:partition" -> report). */
  private readonly live = new Map<string, ProgressReport>();
  private readonly partitionsDone = new Map<number, number>();
  private readonly finishedParts = new Set<string>();
  private readonly stageMetrics = new Map<number, PartitionMetrics[]>();
  private readonly stageHotKeys = new Map<number, Map<number, HotKey>>();
  private readonly stageMitigations = new Map<number, Mitigation[]>();
  private readonly stoppedStages = new Set<number>();
  /** Bytes spilled so far per node id (operators and stage outputs). */
  private readonly nodeSpilled = new Map<string, number>();
  readonly outputs: { nodeId: string; path: string; rows: number }[] = [];
  readonly summaries: StageSummary[] = [];
  readonly models = new Map<string, FittedModel>();

  constructor(opts: ReporterOptions) {
    this.opts = opts;
  }

  /** Whether anyone listens (live progress costs a message port per pool task). */
  get listening(): boolean {
    return this.opts.onEvent !== undefined;
  }

  /** A listener that throws must not fail the run, nor (called from a progress port's message
   *  handler) become an uncaught exception in the process hosting the engine. */
  emit(e: RunEvent): void {
    try {
      this.opts.onEvent?.(e);
    } catch (err) {
      if (!this.listenerFailed) console.error(`run ${this.opts.runId}: an event listener threw: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      this.listenerFailed = true;
    }
  }

  started(plan: PhysicalPlan): void {
    this.emit({
      type: 'run.started', runId: this.opts.runId, at: Date.now(),
      stages: plan.stages.map((s) => ({ stageId: s.id, nodeIds: s.nodeIds, partitions: s.partitions, exchange: exchangeLabel(s.output) })),
    });
  }

  /** Rows a stage produced over all its partitions. */
  rowsOut(stageId: number): number {
    return this.stageRowsOut.get(stageId) ?? 0;
  }

  /** Whether a stage stopped once it had its rows (a preview's stopAtLimit). */
  stoppedEarly(stageId: number): boolean {
    return this.stoppedStages.has(stageId);
  }

  /** A skewed partition was split (skew/split-run.ts): stage.mitigated and a log line. */
  mitigated(stage: Stage, m: Mitigation): void {
    (this.stageMitigations.get(stage.id) ?? this.stageMitigations.set(stage.id, []).get(stage.id)!).push(m);
    this.emit({ type: 'stage.mitigated', runId: this.opts.runId, ...m });
    this.emit({ type: 'log', runId: this.opts.runId, level: 'info', nodeId: m.nodeId, message: m.message });
  }

  partitionFinished(stage: Stage, p: number, o: PartitionOutcome<unknown>, spilledBytes: number): void {
    const metrics = this.stageMetrics.get(stage.id) ?? this.stageMetrics.set(stage.id, []).get(stage.id)!;
    const spilledByNode = o.spilled && Object.keys(o.spilled).length > 0 ? o.spilled : undefined;
    const m: PartitionMetrics = {
      stageId: stage.id, partition: p, rowsIn: o.rowsIn, rowsOut: o.rowsOut, bytes: o.bytes, durationMs: o.durationMs,
      spilledBytes, ...(spilledByNode ? { spilledByNode } : {}),
    };
    for (const [n, b] of Object.entries(spilledByNode ?? {})) this.nodeSpilled.set(n, (this.nodeSpilled.get(n) ?? 0) + b);
    metrics.push(m);
    this.stageRowsOut.set(stage.id, (this.stageRowsOut.get(stage.id) ?? 0) + o.rowsOut);
    if (o.stoppedEarly) this.stoppedStages.add(stage.id);
    if (o.hotKey) (this.stageHotKeys.get(stage.id) ?? this.stageHotKeys.set(stage.id, new Map()).get(stage.id)!).set(p, o.hotKey);
    if (o.sink) this.outputs.push({ nodeId: stage.root.nodeId, path: o.sink.path, rows: o.sink.rows });
    for (const k of [...this.live.keys()]) if (k === `${stage.id}:${p}` || k.startsWith(`${stage.id}:${p}.`)) this.live.delete(k);
    this.finishedParts.add(`${stage.id}:${p}`);
    this.partitionsDone.set(stage.id, metrics.length);
    this.emit({ type: 'partition.finished', runId: this.opts.runId, ...m });
    this.recordOps(stage, o.ops, metrics.length);
  }

  /** Per-node rows (final operators) and time (slowest partition's own time, summed over stages). */
  private recordOps(stage: Stage, ops: readonly OpMetrics[], partitionsDone: number): void {
    const msByNode = new Map<string, number>();
    for (const op of ops) {
      if (op.final) this.nodeRows.set(op.nodeId, (this.nodeRows.get(op.nodeId) ?? 0) + op.rows);
      msByNode.set(op.nodeId, (msByNode.get(op.nodeId) ?? 0) + op.ms);
    }
    const key = (n: string): string => `${stage.id}:${n}`;
    for (const [n, ms] of msByNode) {
      const prev = this.stageNodeMs.get(key(n)) ?? 0;
      if (ms > prev) {
        this.nodeMs.set(n, (this.nodeMs.get(n) ?? 0) + ms - prev);
        this.stageNodeMs.set(key(n), ms);
      }
    }
    for (const op of ops) {
      if (!op.final) continue;
      const spilled = this.nodeSpilled.get(op.nodeId);
      this.emit({
        type: 'node.progress', runId: this.opts.runId, nodeId: op.nodeId, rows: this.nodeRows.get(op.nodeId) ?? 0,
        partitionsDone, partitionsTotal: stage.partitions, ...(spilled ? { spilledBytes: spilled } : {}),
      });
    }
  }

  /** `sub`: the sub-task of a split partition reporting (each counts on its own). */
  liveProgress(stage: Stage, p: number, report: ProgressReport, sub?: number): void {
    // A pool task's last report travels on its own port and can arrive after the task's reply:
    // counted again on top of the finished partition's rows, it would overstate the progress.
    if (this.finishedParts.has(`${stage.id}:${p}`)) return;
    this.live.set(sub ? `${stage.id}:${p}.${sub}` : `${stage.id}:${p}`, report);
    const done = this.partitionsDone.get(stage.id) ?? 0;
    for (const nodeId of Object.keys(report)) {
      let rows = this.nodeRows.get(nodeId) ?? 0;
      for (const r of this.live.values()) rows += r[nodeId] ?? 0;
      this.emit({ type: 'node.progress', runId: this.opts.runId, nodeId, rows, partitionsDone: done, partitionsTotal: stage.partitions });
    }
  }

  /** The stage's summary (spread, skew and its cause, hot key, mitigations), its spill and skew
   *  logs, and stage.finished. */
  stageFinished(stage: Stage, input: StageInput): void {
    const metrics = this.stageMetrics.get(stage.id) ?? [];
    const summary = summarizeStage(stage.id, metrics.sort((a, b) => a.partition - b.partition), this.stageHotKeys.get(stage.id) ?? new Map(), {
      ...(this.opts.skewFactor !== undefined ? { skewFactor: this.opts.skewFactor } : {}),
      ...(this.opts.skewMinRows !== undefined ? { skewMinRows: this.opts.skewMinRows } : {}),
      input,
    });
    const mitigations = this.stageMitigations.get(stage.id);
    if (mitigations) Object.assign(summary, { mitigations: mitigations.sort((a, b) => a.partition - b.partition) });
    const spilled = metrics.reduce((n, m) => n + m.spilledBytes, 0);
    if (spilled > 0) {
      const byNode: Record<string, number> = {};
      for (const m of metrics) for (const [n, b] of Object.entries(m.spilledByNode ?? {})) byNode[n] = (byNode[n] ?? 0) + b;
      Object.assign(summary, { spilledBytes: spilled, spilledByNode: byNode });
    }
    this.summaries.push(summary);
    if (spilled > 0) {
      this.emit({ type: 'log', runId: this.opts.runId, level: 'info', nodeId: stage.root.nodeId,
        message: `stage ${stage.id} spilled ${(spilled / 1048576).toFixed(1)} MB to disk (over the memory budget)` });
    }
    if (summary.skewed) {
      const hot = summary.hotKey ? `; the hot key is ${summary.hotKey.column} = ${summary.hotKey.value} (${(summary.hotKey.share * 100).toFixed(0)}% of sampled rows)` : '';
      const why = summary.cause ? `${summary.cause.message}. Fix: ${summary.cause.fix}` : `partition(s) ${summary.skewedPartitions.join(', ')} hold over ${this.opts.skewFactor ?? 5}x the median rows${hot}`;
      this.emit({ type: 'log', runId: this.opts.runId, level: 'warn', nodeId: stage.root.nodeId, message: `stage ${stage.id} is skewed: ${why}` });
    }
    this.emit({ type: 'stage.finished', runId: this.opts.runId, ...summary });
  }

  /** A fit's final stage outputs the FittedModel as a one-row JSON batch (plan-ml.ts): read it
   *  and report it. */
  async modelFitted(stage: Stage, batches: readonly RecordBatch[]): Promise<void> {
    const { readJsonBatches } = await import('../ml/json-batch.ts');
    const models = readJsonBatches<FittedModel>(batches);
    if (models.length !== 1) throw new NodeExecutionError(stage.root.nodeId, `the fit of '${stage.root.nodeId}' gave ${models.length} models, not one`);
    const model = models[0]!;
    this.models.set(stage.root.nodeId, model);
    this.emit({ type: 'model.fitted', runId: this.opts.runId, model });
    const root = stage.root;
    if (root.kind === 'mlFit' && typeof root.stage.params.saveTo === 'string' && this.opts.saveModels !== false) {
      // The fitted stage saved as a Spark model folder (param saveTo): an output of the run.
      const { saveFittedModel } = await import('../ml/spark/save-fitted.ts');
      const path = await saveFittedModel(root.stage, model, this.opts.runId);
      this.outputs.push({ nodeId: root.nodeId, path, rows: 0 });
    }
  }

  /** Every node's rows and time, in stage order, and run.finished. */
  finished(plan: PhysicalPlan, status: RunStatus, durationMs: number, error?: { nodeId?: string; message: string }): NodeSummary[] {
    const ids: string[] = [];
    for (const s of plan.stages) for (const n of s.nodeIds) if (!ids.includes(n)) ids.push(n);
    const nodes = ids.map((nodeId) => {
      const spilledBytes = this.nodeSpilled.get(nodeId);
      return { nodeId, rows: this.nodeRows.get(nodeId) ?? 0, durationMs: this.nodeMs.get(nodeId) ?? 0, ...(spilledBytes ? { spilledBytes } : {}) };
    });
    this.emit({ type: 'run.finished', runId: this.opts.runId, status, durationMs, nodes, ...(error ? { error } : {}) });
    return nodes;
  }
}
