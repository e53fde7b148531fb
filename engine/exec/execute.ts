// Runs a physical plan: each stage once its input stages are done, one task per partition (on
// the pool, or in this thread for small inputs and for sinks), exchange outputs kept here as
// lists of batches per target partition, in source-partition order. Emits the run's events.

import type { RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../errors.ts';
import type { FittedModel } from '../ml/stage.ts';
import { planSplits, type SourceSplit } from '../io/splits.ts';
import type { PhysicalPlan, ScanOp, Stage } from '../physical/physical-types.ts';
import { opsOf } from '../physical/physical-types.ts';
import { exchangeLabel } from '../physical/explain-physical.ts';
import type { Mitigation, NodeSummary, PartitionMetrics, RunEvent, RunStatus, StageSummary } from './events.ts';
import { isAbort, type ProgressReport } from './instrument.ts';
import { MessageChannel } from 'node:worker_threads';
import type { HotKey } from './key-sampler.ts';
import type { WorkerPool } from './pool.ts';
import type { WorkerReply } from './worker.ts';
import { runPartition, type OpMetrics, type PartitionOutcome, type PartitionTask } from './run-partition.ts';
import { preloadOperators } from './operators.ts';
import { DEFAULT_SKEW_FACTOR, DEFAULT_SKEW_MIN_ROWS, spread, summarizeStage } from './stage-summary.ts';
import { stageInput } from './skew/diagnose.ts';
import { planSkewSplits, splittableJoin, type SplittableJoin } from './skew/split-join.ts';
import { entryRows, mergeOutcomes, sampleHotKey, sliceRange, splitMitigation, subTasks, type SubTask } from './skew/split-run.ts';
import { TransferList, collectTransfers, decodeBatch, encodeBatch, shareEncoded, type EncodedBatch } from './transfer-codec.ts';
import { SpillStore, isEncoded, isSpilled, payloadBytes, type Entry, type Payload } from './spill.ts';

export interface ExecuteOptions {
  readonly runId: string;
  /** Absent: every task runs in this thread (small inputs; no thread hop at all). */
  readonly pool?: WorkerPool;
  readonly signal?: AbortSignal;
  readonly onEvent?: (e: RunEvent) => void;
  readonly skewFactor?: number;
  readonly skewMinRows?: number;
  /** Split skewed shuffle-join partitions into sub-partitions run in parallel (default on). */
  readonly skewMitigation?: boolean;
  /** Exchange data held in memory beyond this many bytes is spilled to Arrow IPC files. */
  readonly memoryBudgetBytes?: number;
  /** Live progress of a running task at most this often (default 250 ms). */
  readonly progressEveryMs?: number;
  /** Tests only: each pool task, after posting its first progress report, waits until this thread
   *  has emitted it (so a test sees rows reported while the partition is certainly running). */
  readonly holdUntilProgressSeen?: boolean;
  /** Tests only: the pool task of this stage and partition makes its worker fail this way. */
  readonly injectFault?: { readonly stageId: number; readonly partition: number; readonly kind: NonNullable<PartitionTask<never>['fault']> };
  /** False for a preview: fitting stages' saveTo folders are not written (a preview has no side effects). */
  readonly saveModels?: boolean;
}

export interface ExecuteResult {
  readonly status: RunStatus;
  readonly durationMs: number;
  readonly nodes: NodeSummary[];
  readonly outputs: { nodeId: string; path: string; rows: number }[];
  /** Batches of each result stage, keyed by node id, in partition order. */
  readonly results: Map<string, RecordBatch[]>;
  /** Rows each result stage produced (more than its batches hold when it kept only the first rows). */
  readonly resultRows: Map<string, number>;
  /** Result nodes whose stage stopped once it had its rows (a preview's stopAtLimit): their
   *  resultRows are the rows read so far, not the node's total. */
  readonly resultsCut: Set<string>;
  readonly stages: StageSummary[];
  /** The fitted feature and model stages, keyed by node id (each also emitted as 'model.fitted'). */
  readonly models: Map<string, FittedModel>;
  readonly error?: { nodeId?: string; message: string };
  /** The error that failed the run, as thrown (its stack includes the worker's). */
  readonly failure?: unknown;
}


export async function executePlan(plan: PhysicalPlan, opts: ExecuteOptions): Promise<ExecuteResult> {
  return new Execution(plan, opts).run();
}

class Execution {
  private readonly plan: PhysicalPlan;
  private readonly opts: ExecuteOptions;
  private readonly internal = new AbortController();
  private readonly signal: AbortSignal;
  /** Output of each finished stage: batches per target partition. */
  private readonly exchanges = new Map<number, Entry[][]>();
  private readonly spill: SpillStore;
  /** How many tasks read each (stage, target) list, and how many reads are left. A list with one
   *  reader is owned by it (its buffers move to that task); a list with several readers is turned
   *  into SharedArrayBuffers once, at the first read, and every reader gets the same shared copy. */
  private readonly readsTotal = new Map<string, number>();
  private readonly readsLeft = new Map<string, number>();
  private readonly sharedLists = new Set<string>();
  private readonly done = new Map<number, Promise<void>>();
  private readonly nodeRows = new Map<string, number>();
  private readonly nodeMs = new Map<string, number>();
  private readonly outputs: { nodeId: string; path: string; rows: number }[] = [];
  private readonly summaries: StageSummary[] = [];
  private readonly models = new Map<string, FittedModel>();
  private failure?: unknown;

  constructor(plan: PhysicalPlan, opts: ExecuteOptions) {
    this.plan = plan;
    this.opts = opts;
    this.signal = opts.signal ? AbortSignal.any([opts.signal, this.internal.signal]) : this.internal.signal;
    this.spill = new SpillStore(opts.runId, opts.memoryBudgetBytes ?? Number.POSITIVE_INFINITY);
    this.countReads();
  }

  /** A listener that throws must not fail the run, nor (called from a progress port's message
   *  handler) become an uncaught exception in the process hosting the engine. */
  private emit(e: RunEvent): void {
    try {
      this.opts.onEvent?.(e);
    } catch (err) {
      if (!this.listenerFailed) console.error(`run ${this.opts.runId}: an event listener threw: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      this.listenerFailed = true;
    }
  }

  private listenerFailed = false;

  async run(): Promise<ExecuteResult> {
    const t0 = performance.now();
    const runId = this.opts.runId;
    this.emit({
      type: 'run.started', runId, at: Date.now(),
      stages: this.plan.stages.map((s) => ({ stageId: s.id, nodeIds: s.nodeIds, partitions: s.partitions, exchange: exchangeLabel(s.output) })),
    });
    if (this.opts.pool) for (const s of this.plan.stages) if (s.inMain) preloadOperators(opsOf(s.root));
    const all = this.plan.stages.map((s) => this.stageDone(s.id));
    await Promise.allSettled(all);
    const results = new Map<string, RecordBatch[]>();
    const resultRows = new Map<string, number>();
    const resultsCut = new Set<string>();
    let status: RunStatus = 'COMPLETED';
    let error: { nodeId?: string; message: string } | undefined;
    if (this.failure !== undefined || this.opts.signal?.aborted) {
      const cancelled = this.opts.signal?.aborted === true;
      status = cancelled ? 'CANCELLED' : 'FAILED';
      const f = this.failure;
      error = cancelled
        ? { message: 'the run was cancelled' }
        : f instanceof NodeExecutionError ? { nodeId: f.nodeId, message: f.message } : { message: f instanceof Error ? f.message : String(f) };
    } else {
      for (const [nodeId, stageId] of this.plan.results) {
        const batches: RecordBatch[] = [];
        for (const e of this.exchanges.get(stageId)?.[0] ?? []) {
          if (isSpilled(e)) batches.push(...(await this.spill.load(e)));
          else batches.push(isEncoded(e) ? decodeBatch(e) : e);
        }
        results.set(nodeId, batches);
        resultRows.set(nodeId, this.stageRowsOut.get(stageId) ?? 0);
        if (this.stoppedStages.has(stageId)) resultsCut.add(nodeId);
      }
    }
    this.exchanges.clear();
    await this.spill.cleanup();
    const durationMs = performance.now() - t0;
    const nodes = this.nodeSummaries();
    this.emit({ type: 'run.finished', runId, status, durationMs, nodes, ...(error ? { error } : {}) });
    return {
      status, durationMs, nodes, outputs: this.outputs, results, resultRows, resultsCut, stages: this.summaries, models: this.models,
      ...(error ? { error } : {}), ...(status === 'FAILED' ? { failure: this.failure } : {}),
    };
  }

  private nodeSummaries(): NodeSummary[] {
    const ids: string[] = [];
    for (const s of this.plan.stages) for (const n of s.nodeIds) if (!ids.includes(n)) ids.push(n);
    return ids.map((nodeId) => ({ nodeId, rows: this.nodeRows.get(nodeId) ?? 0, durationMs: this.nodeMs.get(nodeId) ?? 0 }));
  }

  private stageDone(id: number): Promise<void> {
    let p = this.done.get(id);
    if (!p) {
      const stage = this.plan.stages[id]!;
      p = Promise.all(stage.inputs.map((i) => this.stageDone(i))).then(() => this.runStage(stage));
      p.catch((e: unknown) => this.fail(e));
      this.done.set(id, p);
    }
    return p;
  }

  private fail(e: unknown): void {
    if (this.failure === undefined) this.failure = e;
    this.internal.abort();
  }

  private async runStage(stage: Stage): Promise<void> {
    if (this.signal.aborted) throw this.failure ?? new Error('cancelled');
    const splits = await this.assignSplits(stage);
    const split = this.planJoinSplit(stage);
    const mitigations: Mitigation[] = [];
    const inline = !this.opts.pool || stage.inMain;
    const outcomes: PartitionOutcome<Entry>[] = new Array(stage.partitions);
    const metrics: PartitionMetrics[] = [];
    const hotKeys = new Map<number, HotKey>();
    const finished = async (p: number, o: PartitionOutcome<Payload>): Promise<void> => {
      const kept = stage.output.kind === 'sink' ? { outputs: [], spilledBytes: 0 } : await this.spill.admit(o.outputs);
      outcomes[p] = { ...o, outputs: kept.outputs };
      const m: PartitionMetrics = {
        stageId: stage.id, partition: p, rowsIn: o.rowsIn, rowsOut: o.rowsOut, bytes: o.bytes, durationMs: o.durationMs,
        spilledBytes: kept.spilledBytes,
      };
      metrics.push(m);
      this.stageRowsOut.set(stage.id, (this.stageRowsOut.get(stage.id) ?? 0) + o.rowsOut);
      if (o.stoppedEarly) this.stoppedStages.add(stage.id);
      if (o.hotKey) hotKeys.set(p, o.hotKey);
      if (o.sink) this.outputs.push({ nodeId: finalNode(stage), path: o.sink.path, rows: o.sink.rows });
      for (const k of [...this.live.keys()]) if (k === `${stage.id}:${p}` || k.startsWith(`${stage.id}:${p}.`)) this.live.delete(k);
      this.finishedParts.add(`${stage.id}:${p}`);
      this.partitionsDone.set(stage.id, metrics.length);
      this.emit({ type: 'partition.finished', runId: this.opts.runId, ...m });
      this.recordOps(stage, o.ops, metrics.length);
    };
    // A split partition finishes when its last sub-task does: one outcome, one decision reported.
    const subOutcomes = new Map<number, PartitionOutcome<Payload>[]>();
    const unitDone = async (p: number, sub: SubTask | undefined, o: PartitionOutcome<Payload>): Promise<void> => {
      if (!sub || !split) return finished(p, o);
      const list = subOutcomes.get(p) ?? [];
      list[sub.index] = o;
      subOutcomes.set(p, list);
      if (list.filter(Boolean).length < sub.of) return;
      const m = splitMitigation(stage.id, split.join.join.nodeId, p, split.subs.get(p)!, split.median, list, split.hot.get(p));
      mitigations.push(m);
      this.emit({ type: 'stage.mitigated', runId: this.opts.runId, ...m });
      this.emit({ type: 'log', runId: this.opts.runId, level: 'info', nodeId: m.nodeId, message: m.message });
      const hot = split.hot.get(p);
      const merged = mergeOutcomes(list);
      // Every sub-task read the whole build partition: its rows count once in the partition's rows in.
      const rowsIn = merged.rowsIn - (list.length - 1) * (split.buildRows.get(p) ?? 0);
      await finished(p, { ...merged, rowsIn, ...(hot ? { hotKey: hot } : {}) });
    };
    const units = Array.from({ length: stage.partitions }, (_, p) => split?.subs.get(p)?.map((sub) => ({ p, sub })) ?? [{ p, sub: undefined }]).flat();
    const pickOf = (sub: SubTask | undefined) => (sub && split ? { opId: split.join.probeRead.id, range: sub.range } : undefined);
    if (inline) {
      for (const { p, sub } of units) {
        const inputs = (await this.inputsFor(stage, p, 'inline', undefined, pickOf(sub))) as Record<number, RecordBatch[]>;
        const task = { stage: spec(stage), partition: p, splits: splits[p] ?? {}, inputs, ...this.progressOptions() };
        await unitDone(p, sub, await runPartition(task, this.signal, this.opts.onEvent ? (r) => this.liveProgress(stage, p, r, sub?.index) : undefined));
      }
    } else {
      // Settle every task before the stage ends (none may still be writing a spill file when the
      // run folder is removed); the first failure aborts the others at once through fail().
      const settled = await Promise.allSettled(units.map(async ({ p, sub }) => {
        const transfers = new TransferList();
        const inputs = (await this.inputsFor(stage, p, 'pool', transfers, pickOf(sub))) as Record<number, EncodedBatch[]>;
        const channel = this.opts.onEvent ? new MessageChannel() : undefined;
        let held = this.opts.holdUntilProgressSeen === true;
        channel?.port1.on('message', (r: ProgressReport) => {
          this.liveProgress(stage, p, r, sub?.index);
          if (held) channel.port1.postMessage('seen'); // releases the held task (tests only)
          held = false;
        });
        const fault = this.opts.injectFault;
        const task: PartitionTask<EncodedBatch> = {
          stage: spec(stage), partition: p, splits: splits[p] ?? {}, inputs, ...this.progressOptions(),
          ...(channel ? { progress: channel.port2 } : {}),
          ...(fault && fault.stageId === stage.id && fault.partition === p ? { fault: fault.kind } : {}),
        };
        const transferList = channel ? [...transfers.buffers, channel.port2 as unknown as ArrayBuffer] : transfers.buffers;
        const reply = await this.opts.pool!.run(task, transferList, this.signal).catch((e: unknown) => {
          // The task never answered: its message could not be posted, or its worker thread died.
          throw isAbort(e) ? e : new NodeExecutionError(finalNode(stage),
            `the worker thread running stage ${stage.id} partition ${p} failed: ${describeError(e)}`, { cause: e });
        }).finally(() => channel?.port1.close());
        // An error outside any operator (decoding the inputs, say) is laid on the stage's last node.
        if (!reply.ok) throw workerError(reply, finalNode(stage));
        await unitDone(p, sub, reply.outcome);
      }).map((task) => task.catch((e: unknown) => { this.fail(e); throw e; })));
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
    this.storeOutput(stage, outcomes);
    if (stage.root.kind === 'mlFit' && stage.root.phase === 'final' && !stage.root.internal) await this.recordModel(stage);
    const summary = summarizeStage(stage.id, metrics.sort((a, b) => a.partition - b.partition), hotKeys, {
      ...(this.opts.skewFactor !== undefined ? { skewFactor: this.opts.skewFactor } : {}),
      ...(this.opts.skewMinRows !== undefined ? { skewMinRows: this.opts.skewMinRows } : {}),
      input: stageInput(opsOf(stage.root), splits),
    });
    if (mitigations.length > 0) Object.assign(summary, { mitigations: mitigations.sort((a, b) => a.partition - b.partition) });
    this.summaries.push(summary);
    const spilled = metrics.reduce((n, m) => n + m.spilledBytes, 0);
    if (spilled > 0) {
      this.emit({ type: 'log', runId: this.opts.runId, level: 'info', nodeId: finalNode(stage),
        message: `stage ${stage.id} spilled ${(spilled / 1048576).toFixed(1)} MB to disk (over the memory budget)` });
    }
    if (summary.skewed) {
      const hot = summary.hotKey ? `; the hot key is ${summary.hotKey.column} = ${summary.hotKey.value} (${(summary.hotKey.share * 100).toFixed(0)}% of sampled rows)` : '';
      const why = summary.cause ? `${summary.cause.message}. Fix: ${summary.cause.fix}` : `partition(s) ${summary.skewedPartitions.join(', ')} hold over ${this.opts.skewFactor ?? 5}x the median rows${hot}`;
      this.emit({ type: 'log', runId: this.opts.runId, level: 'warn', nodeId: finalNode(stage), message: `stage ${stage.id} is skewed: ${why}` });
    }
    this.emit({ type: 'stage.finished', runId: this.opts.runId, ...summary });
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
      this.emit({
        type: 'node.progress', runId: this.opts.runId, nodeId: op.nodeId, rows: this.nodeRows.get(op.nodeId) ?? 0,
        partitionsDone, partitionsTotal: stage.partitions,
      });
    }
  }

  private readonly stageNodeMs = new Map<string, number>();
  private readonly stageRowsOut = new Map<number, number>();
  private readonly stoppedStages = new Set<number>();
  /** Rows so far of running partitions, per node ("stage:partition" -> report). */
  private readonly live = new Map<string, ProgressReport>();
  private readonly partitionsDone = new Map<number, number>();
  private readonly finishedParts = new Set<string>();

  private progressOptions(): Pick<PartitionTask<never>, 'progressEveryMs' | 'holdUntilProgressSeen'> {
    return {
      ...(this.opts.progressEveryMs !== undefined ? { progressEveryMs: this.opts.progressEveryMs } : {}),
      ...(this.opts.holdUntilProgressSeen ? { holdUntilProgressSeen: true } : {}),
    };
  }

  private liveProgress(stage: Stage, p: number, report: ProgressReport, sub?: number): void {
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

  /** A fit's final stage outputs the FittedModel as a one-row JSON batch (plan-ml.ts): read it
   *  (from memory or a spill file; the batch stays for the stages that read it) and report it. */
  private async recordModel(stage: Stage): Promise<void> {
    const batches: RecordBatch[] = [];
    for (const e of this.exchanges.get(stage.id)?.[0] ?? []) {
      if (isSpilled(e)) batches.push(...(await this.spill.load(e)));
      else batches.push(isEncoded(e) ? decodeBatch(e) : e);
    }
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

  private storeOutput(stage: Stage, outcomes: readonly PartitionOutcome<Entry>[]): void {
    const out = stage.output;
    if (out.kind === 'sink' || out.kind === 'discard') return;
    let targets: Entry[][];
    if (out.kind === 'hash' || out.kind === 'round-robin') {
      targets = Array.from({ length: out.partitions }, (_, t) => outcomes.flatMap((o) => o.outputs[t] ?? []));
    } else if (out.kind === 'forward') {
      targets = outcomes.map((o) => o.outputs[0] ?? []);
    } else {
      targets = [outcomes.flatMap((o) => o.outputs[0] ?? [])];
    }
    this.exchanges.set(stage.id, targets);
  }

  /** The batches each read operator of `stage` gets for partition `p` (spilled lists read back). */
  private async inputsFor(
    stage: Stage, p: number, mode: 'inline' | 'pool', transfers?: TransferList,
    pick?: { readonly opId: number; readonly range: readonly [number, number] },
  ): Promise<Record<number, Payload[]>> {
    const inputs: Record<number, Payload[]> = {};
    for (const op of opsOf(stage.root)) {
      if (op.kind !== 'read') continue;
      const lists = this.exchanges.get(op.fromStage) ?? [];
      const wanted = op.mode === 'all' ? lists.map((_, t) => t) : p < lists.length ? [p] : [];
      const batches: Payload[] = [];
      for (const t of wanted) {
        const k = `${op.fromStage}:${t}`;
        const left = (this.readsLeft.get(k) ?? 1) - 1;
        this.readsLeft.set(k, left);
        // A split partition's sub-task reads its own range of rows of the (shared) probe list.
        const picked = pick?.opId === op.id;
        if ((this.readsTotal.get(k) ?? 1) > 1 && !this.sharedLists.has(k)) {
          lists[t] = (lists[t] ?? []).map((e) => (isSpilled(e) ? e : shareEncoded(isEncoded(e) ? e : encodeBatch(e, new TransferList()))));
          this.sharedLists.add(k);
        }
        const shared = this.sharedLists.has(k);
        let at = 0;
        for (const entry of lists[t] ?? []) {
          if (picked) {
            const n = entryRows(entry);
            if (at < pick.range[1] && at + n > pick.range[0]) {
              const whole = isSpilled(entry) ? await this.spill.load(entry) : [isEncoded(entry) ? decodeBatch(entry) : entry];
              // Slices of shared buffers go by reference; a spill file's fresh copy moves.
              for (const b of sliceRange(whole, at, pick.range[0], pick.range[1])) batches.push(mode === 'inline' ? b : encodeBatch(b, transfers!));
            }
            // A spilled probe list stays on disk until the run's folder goes: another sub-task may
            // still be reading the same file.
            at += n;
          } else if (isSpilled(entry)) {
            const loaded = await this.spill.load(entry); // a fresh copy per reader
            batches.push(...(mode === 'inline' ? loaded : loaded.map((b) => encodeBatch(b, transfers!))));
            if (left <= 0) await this.spill.release(entry);
          } else if (mode === 'inline') {
            batches.push(isEncoded(entry) ? decodeBatch(entry) : entry);
          } else if (shared) {
            batches.push(entry as EncodedBatch); // SharedArrayBuffers: sent by reference, never moved
          } else {
            // The single reader owns the list: its buffers move to the task.
            batches.push(collectTransfers(isEncoded(entry) ? entry : encodeBatch(entry, new TransferList()), transfers!));
          }
        }
        if (left <= 0) {
          for (const e of lists[t] ?? []) if (!isSpilled(e)) this.spill.held -= payloadBytes(e);
          lists[t] = []; // let the memory go
        }
      }
      inputs[op.id] = batches;
    }
    return inputs;
  }

  /** The skewed probe partitions of a shuffle join stage to split, with the sub-tasks of each; the
   *  read counts grow by the extra readers (every sub-task reads the whole build partition). */
  private planJoinSplit(stage: Stage): JoinSplit | undefined {
    if (this.opts.skewMitigation === false) return undefined;
    const sj = splittableJoin(stage);
    if (!sj) return undefined;
    const lists = this.exchanges.get(sj.probeRead.fromStage) ?? [];
    const totals = lists.map((l) => l.reduce((n, e) => n + entryRows(e), 0));
    const counts = planSkewSplits(totals, {
      factor: this.opts.skewFactor ?? DEFAULT_SKEW_FACTOR, minRows: this.opts.skewMinRows ?? DEFAULT_SKEW_MIN_ROWS, maxSplit: stage.partitions,
    });
    if (counts.size === 0) return undefined;
    const subs = new Map<number, SubTask[]>();
    const hot = new Map<number, HotKey>();
    const buildRows = new Map<number, number>();
    for (const [p, k] of counts) {
      const tasks = subTasks(totals[p]!, k);
      subs.set(p, tasks);
      const h = sampleHotKey(lists[p]!, sj.probeRead.sampleKeys ?? []);
      if (h) hot.set(p, h);
      const extra = tasks.length - 1;
      for (const op of opsOf(stage.root)) {
        if (op.kind !== 'read') continue;
        const ts = op.mode === 'all' ? Array.from({ length: targetCount(this.plan.stages[op.fromStage]!) }, (_, t) => t) : [p];
        for (const t of ts) {
          const key = `${op.fromStage}:${t}`;
          if (op.id !== sj.probeRead.id) {
            for (const e of this.exchanges.get(op.fromStage)?.[t] ?? []) buildRows.set(p, (buildRows.get(p) ?? 0) + entryRows(e));
          }
          this.readsLeft.set(key, (this.readsLeft.get(key) ?? 0) + extra);
          this.readsTotal.set(key, (this.readsTotal.get(key) ?? 0) + extra);
        }
      }
    }
    return subs.size > 0 ? { join: sj, subs, hot, buildRows, median: spread(totals).median } : undefined;
  }

  /** Counts the readers of each (stage, target) list: one reader owns it, several share it. */
  private countReads(): void {
    for (const stage of this.plan.stages) {
      for (const op of opsOf(stage.root)) {
        if (op.kind !== 'read') continue;
        const source = this.plan.stages[op.fromStage]!;
        const targets = targetCount(source);
        for (let p = 0; p < stage.partitions; p++) {
          const ts = op.mode === 'all' ? Array.from({ length: targets }, (_, t) => t) : p < targets ? [p] : [];
          for (const t of ts) {
            const k = `${op.fromStage}:${t}`;
            this.readsLeft.set(k, (this.readsLeft.get(k) ?? 0) + 1);
            this.readsTotal.set(k, (this.readsTotal.get(k) ?? 0) + 1);
          }
        }
      }
    }
  }

  /** Source splits per partition: contiguous ranges, so partition order is source order (with
   *  fewer splits than partitions, the first partitions get them). */
  private async assignSplits(stage: Stage): Promise<Record<number, SourceSplit[]>[]> {
    const perPartition: Record<number, SourceSplit[]>[] = Array.from({ length: stage.partitions }, () => ({}));
    const scans = opsOf(stage.root).filter((o): o is ScanOp => o.kind === 'scan');
    for (const op of scans) {
      let splits: SourceSplit[];
      try {
        splits = await planSplits({ ...op.scan, op: 'scan' }, stage.partitions);
      } catch (e) {
        throw new NodeExecutionError(op.nodeId, e instanceof Error ? e.message : String(e), { cause: e });
      }
      for (let p = 0; p < stage.partitions; p++) {
        const start = Math.ceil((splits.length * p) / stage.partitions);
        const end = Math.ceil((splits.length * (p + 1)) / stage.partitions);
        perPartition[p]![op.id] = splits.slice(start, end);
      }
    }
    return perPartition;
  }
}

interface JoinSplit {
  readonly join: SplittableJoin;
  readonly subs: ReadonlyMap<number, readonly SubTask[]>;
  readonly hot: ReadonlyMap<number, HotKey>;
  /** Rows every sub-task of a split partition reads in full (its build side and broadcasts). */
  readonly buildRows: ReadonlyMap<number, number>;
  readonly median: number;
}

function targetCount(source: Stage): number {
  const out = source.output;
  if (out.kind === 'hash' || out.kind === 'round-robin') return out.partitions;
  if (out.kind === 'forward') return source.partitions;
  return 1;
}

function spec(stage: Stage): PartitionTask<never>['stage'] {
  return { id: stage.id, root: stage.root, output: stage.output, partitions: stage.partitions };
}

function finalNode(stage: Stage): string {
  return stage.root.nodeId;
}

/** An error's text for a message: never empty (piscina and worker_threads errors can have no message). */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return e === undefined ? 'no error given' : String(e);
  const code = (e as { code?: unknown }).code;
  const text = e.message || (typeof code === 'string' ? code : '') || e.name || 'an error without a message';
  return e.name && e.name !== 'Error' && !text.startsWith(e.name) ? `${e.name}: ${text}` : text;
}

/** A task's failure reported by its worker, as an error on its node whose stack is the worker's. */
function workerError(reply: Extract<WorkerReply, { ok: false }>, stageNode: string): NodeExecutionError {
  const nodeId = reply.nodeId ?? stageNode;
  const cause = Object.assign(new Error(reply.message), { name: reply.name ?? 'Error', ...(reply.stack ? { stack: reply.stack } : {}) });
  const err = new NodeExecutionError(nodeId, stripPrefix(reply.message, nodeId), { cause });
  if (reply.stack) err.stack = `${err.name}: ${err.message}\n  in a worker thread:\n${reply.stack}`;
  return err;
}

/** NodeExecutionError's message already starts with "node 'x': "; do not say it twice. */
function stripPrefix(message: string, nodeId: string): string {
  const prefix = `node '${nodeId}': `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
