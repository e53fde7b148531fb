// The stage scheduler: runs a physical plan, each stage once its input stages are done, one task
// per partition (on the pool, or in this thread for small inputs and for sinks). The exchange
// store (exchange-store.ts) owns the data between stages; the run reporter (run-reporter.ts)
// emits the run's events and keeps its totals.

import type { RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../errors.ts';
import type { FittedModel } from '../ml/stage.ts';
import { planSplits, type SourceSplit } from '../io/splits.ts';
import type { PhysicalPlan, ScanOp, Stage } from '../physical/physical-types.ts';
import { opsOf } from '../physical/physical-types.ts';
import type { NodeSummary, RunEvent, RunStatus, StageSummary } from './events.ts';
import { isAbort, type ProgressReport } from './instrument.ts';
import { MessageChannel } from 'node:worker_threads';
import type { WorkerPool } from './pool.ts';
import type { WorkerReply } from './worker.ts';
import { runPartition, type PartitionOutcome, type PartitionTask } from './run-partition.ts';
import { preloadOperators } from './operators.ts';
import { TransferList, type EncodedBatch } from './transfer-codec.ts';
import { runSpillDir, type Entry, type Payload, type SpillRef } from './spill.ts';
import { machineBudgetBytes, shareBudget } from './memory/budget.ts';
import { ExchangeStore } from './exchange-store.ts';
import { traceMark } from './memory/trace.ts';
import { RunReporter } from './run-reporter.ts';
import { stageInput } from './skew/diagnose.ts';
import { twoLevelMitigation } from './skew/two-level.ts';
import { mergeOutcomes, splitMitigation, type SubTask } from './skew/split-run.ts';
import { planCoalescing, planJoinSplit } from './skew/adapt.ts';
import type { BuildTables } from './build-tables.ts';

export interface ExecuteOptions {
  readonly runId: string;
  /** Absent: every task runs in this thread (small inputs; no thread hop at all). */
  readonly pool?: WorkerPool;
  readonly signal?: AbortSignal;
  readonly onEvent?: (e: RunEvent) => void;
  readonly skewFactor?: number;
  readonly skewMinRows?: number;
  /** Split skewed shuffle-join partitions into sub-partitions run in parallel, and coalesce tiny
   *  partitions after a shuffle into fewer tasks (default on). */
  readonly skewMitigation?: boolean;
  /** Adjacent partitions after a shuffle are read by one task while together under this many
   *  rows (default DEFAULT_COALESCE_TARGET_ROWS). */
  readonly coalesceTargetRows?: number;
  /** The run's memory budget, all threads together (default: machineBudgetBytes()). Half goes to
   *  the exchange data held in this thread, half to the tasks that run at once (docs/memory.md);
   *  what goes over is spilled to Arrow IPC files. */
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
  /** A preview in this thread (no pool): the warm engine's built join tables and this plan's keys
   *  (build-tables.ts). A stage read only by joins whose tables are cached does not run. */
  readonly buildTables?: BuildTables;
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
  private readonly exchanges: ExchangeStore;
  private readonly report: RunReporter;
  /** Each task's share of the budget and the run's spill folder (PartitionTask.memory). */
  private readonly taskMemory: { readonly budgetBytes: number; readonly spillDir: string };
  private readonly done = new Map<number, Promise<void>>();
  private failure?: unknown;

  constructor(plan: PhysicalPlan, opts: ExecuteOptions) {
    this.plan = plan;
    this.opts = opts;
    this.signal = opts.signal ? AbortSignal.any([opts.signal, this.internal.signal]) : this.internal.signal;
    const spillDir = runSpillDir(opts.runId);
    // Tasks at once: one per pool thread, or one in this thread.
    const share = shareBudget(opts.memoryBudgetBytes ?? machineBudgetBytes(), opts.pool?.threads ?? 1);
    this.exchanges = new ExchangeStore(plan, spillDir, share.exchangeBytes);
    this.taskMemory = { budgetBytes: share.taskBytes, spillDir };
    this.report = new RunReporter(opts);
  }

  async run(): Promise<ExecuteResult> {
    const t0 = performance.now();
    this.report.started(this.plan);
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
        results.set(nodeId, await this.exchanges.batchesOf(stageId));
        resultRows.set(nodeId, this.report.rowsOut(stageId));
        if (this.report.stoppedEarly(stageId)) resultsCut.add(nodeId);
      }
    }
    await this.exchanges.close();
    const durationMs = performance.now() - t0;
    const nodes = this.report.finished(this.plan, status, durationMs, error);
    return {
      status, durationMs, nodes, outputs: this.report.outputs, results, resultRows, resultsCut, stages: this.report.summaries, models: this.report.models,
      ...(error ? { error } : {}), ...(status === 'FAILED' ? { failure: this.failure } : {}),
    };
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
    if (this.readOnlyByCachedBuilds(stage)) {
      // Its rows would only build tables the joins have already: nothing to read or compute, and
      // no source splits to plan (that reads the files' footers).
      const none: Record<number, SourceSplit[]>[] = [];
      for (let p = 0; p < stage.partitions; p++) {
        this.report.partitionFinished(stage, p, { outputs: [], rowsIn: 0, rowsOut: 0, bytes: 0, durationMs: 0, ops: [] }, 0);
        none.push({});
      }
      this.exchanges.store(stage, []);
      this.report.stageFinished(stage, stageInput(opsOf(stage.root), none));
      return;
    }
    const splits = await this.assignSplits(stage);
    const adaptive = { plan: this.plan, exchanges: this.exchanges, report: this.report, opts: this.opts, threads: this.opts.pool?.threads ?? 1 };
    const split = planJoinSplit(stage, adaptive);
    const coalesced = planCoalescing(stage, split, adaptive);
    const inline = !this.opts.pool || stage.inMain;
    traceMark(`stage ${stage.id} starts`);
    const outcomes: PartitionOutcome<Entry>[] = new Array(stage.partitions);
    const finished = async (p: number, o: PartitionOutcome<Payload>): Promise<void> => {
      const kept = stage.output.kind === 'sink' ? { outputs: [], spilledBytes: 0 } : await this.exchanges.admit(o.outputs);
      outcomes[p] = { ...o, outputs: kept.outputs };
      // Spilled here (the exchange store over its share) counts as the stage's last node's.
      const spilled = { ...o.spilled };
      if (kept.spilledBytes > 0) spilled[stage.root.nodeId] = (spilled[stage.root.nodeId] ?? 0) + kept.spilledBytes;
      this.report.partitionFinished(stage, p, { ...o, spilled }, Object.values(spilled).reduce((a, b) => a + b, 0));
    };
    // A split partition finishes when its last sub-task does: one outcome, one decision reported.
    const subOutcomes = new Map<number, PartitionOutcome<Payload>[]>();
    const unitDone = async (p: number, sub: SubTask | undefined, o: PartitionOutcome<Payload>): Promise<void> => {
      if (!sub || !split) return finished(p, o);
      const list = subOutcomes.get(p) ?? [];
      list[sub.index] = o;
      subOutcomes.set(p, list);
      if (list.filter(Boolean).length < sub.of) return;
      this.report.mitigated(stage, splitMitigation(stage.id, split.join.join.nodeId, p, split.subs.get(p)!, split.median, list, split.hot.get(p)));
      const hot = split.hot.get(p);
      const merged = mergeOutcomes(list);
      // Every sub-task read the whole build partition: its rows count once in the partition's rows in.
      const rowsIn = merged.rowsIn - (list.length - 1) * (split.buildRows.get(p) ?? 0);
      await finished(p, { ...merged, rowsIn, ...(hot ? { hotKey: hot } : {}) });
    };
    // A coalesced group's task reports for each of its partitions: the first gets the task's
    // outcome, the others their own rows in, no output, and the task's time (they ran in it).
    const taskDone = async (p: number, sub: SubTask | undefined, o: PartitionOutcome<Payload>): Promise<void> => {
      const group = coalesced?.groups.get(p);
      if (!group) return unitDone(p, sub, o);
      const others = group.slice(1);
      await finished(p, { ...o, rowsIn: o.rowsIn - others.reduce((n, m) => n + coalesced!.rows[m]!, 0) });
      for (const m of others) await finished(m, { outputs: [], rowsIn: coalesced!.rows[m]!, rowsOut: 0, bytes: 0, durationMs: o.durationMs, ops: [] });
    };
    const units = Array.from({ length: stage.partitions }, (_, p) => (coalesced?.member.has(p)
      ? []
      : split?.subs.get(p)?.map((sub) => ({ p, sub })) ?? [{ p, sub: undefined }])).flat();
    const pickOf = (sub: SubTask | undefined) => (sub && split ? { opId: split.join.probeRead.id, range: sub.range } : undefined);
    // A coalesced group's task reads each of its partitions in order (the broadcast reads once).
    const inputsOf = async (p: number, sub: SubTask | undefined, mode: 'inline' | 'pool', transfers: TransferList | undefined, handed: SpillRef[]) => {
      const group = coalesced?.groups.get(p) ?? [p];
      const all: Record<number, Entry[]> = {};
      for (const [i, m] of group.entries()) {
        const got = await this.exchanges.inputsFor(stage, m, mode, transfers, pickOf(sub), handed, i > 0);
        for (const [op, list] of Object.entries(got)) (all[Number(op)] ??= []).push(...list);
      }
      return all;
    };
    if (inline) {
      for (const { p, sub } of units) {
        const handed: SpillRef[] = [];
        const inputs = (await inputsOf(p, sub, 'inline', undefined, handed)) as Record<number, (RecordBatch | SpillRef)[]>;
        const task = {
          stage: spec(stage), partition: p, splits: splits[p] ?? {}, inputs, memory: this.taskMemory, ...this.progressOptions(),
          ...(this.opts.buildTables ? { buildTables: this.opts.buildTables } : {}),
        };
        const outcome = await runPartition(task, this.signal, this.report.listening ? (r) => this.report.liveProgress(stage, p, r, sub?.index) : undefined)
          .finally(() => this.exchanges.readDone(handed));
        await taskDone(p, sub, outcome);
      }
    } else {
      // Settle every task before the stage ends (none may still be writing a spill file when the
      // run folder is removed); the first failure aborts the others at once through fail().
      const settled = await Promise.allSettled(units.map(async ({ p, sub }) => {
        const transfers = new TransferList();
        const handed: SpillRef[] = [];
        const inputs = (await inputsOf(p, sub, 'pool', transfers, handed)) as Record<number, (EncodedBatch | SpillRef)[]>;
        const channel = this.report.listening ? new MessageChannel() : undefined;
        let held = this.opts.holdUntilProgressSeen === true;
        channel?.port1.on('message', (r: ProgressReport) => {
          this.report.liveProgress(stage, p, r, sub?.index);
          if (held) channel.port1.postMessage('seen'); // releases the held task (tests only)
          held = false;
        });
        const fault = this.opts.injectFault;
        const task: PartitionTask<EncodedBatch> = {
          stage: spec(stage), partition: p, splits: splits[p] ?? {}, inputs, memory: this.taskMemory, ...this.progressOptions(),
          ...(channel ? { progress: channel.port2 } : {}),
          ...(fault && fault.stageId === stage.id && fault.partition === p ? { fault: fault.kind } : {}),
        };
        const transferList = channel ? [...transfers.buffers, channel.port2 as unknown as ArrayBuffer] : transfers.buffers;
        const reply = await this.opts.pool!.run(task, transferList, this.signal).catch((e: unknown) => {
          // The task never answered: its message could not be posted, or its worker thread died.
          throw isAbort(e) ? e : new NodeExecutionError(finalNode(stage),
            `the worker thread running stage ${stage.id} partition ${p} failed: ${describeError(e)}`, { cause: e });
        }).finally(() => {
          channel?.port1.close();
          return this.exchanges.readDone(handed);
        });
        // An error outside any operator (decoding the inputs, say) is laid on the stage's last node.
        if (!reply.ok) throw workerError(reply, finalNode(stage));
        await taskDone(p, sub, reply.outcome);
      }).map((task) => task.catch((e: unknown) => { this.fail(e); throw e; })));
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
    this.exchanges.store(stage, outcomes);
    const twoLevel = twoLevelMitigation(stage, outcomes.map((o) => o.rowsIn));
    if (twoLevel) this.report.mitigated(stage, twoLevel);
    if (stage.root.kind === 'mlFit' && stage.root.phase === 'final' && !stage.root.internal) await this.report.modelFitted(stage, await this.exchanges.batchesOf(stage.id));
    this.report.stageFinished(stage, stageInput(opsOf(stage.root), splits));
  }

  /** Whether every reader of `stage`'s output is the build side of a join whose table is cached
   *  (a preview in this thread; build-tables.ts). */
  private readOnlyByCachedBuilds(stage: Stage): boolean {
    const tables = this.opts.buildTables;
    if (!tables || this.opts.pool || stage.output.kind !== 'broadcast') return false;
    let readers = 0;
    for (const s of this.plan.stages) {
      const ops = opsOf(s.root);
      for (const op of ops) {
        if (op.kind !== 'read' || op.fromStage !== stage.id) continue;
        readers++;
        const join = ops.find((j) => j.kind === 'join' && j.build === op);
        if (!join || !tables.pin(join.id)) return false;
      }
    }
    return readers > 0;
  }

  private progressOptions(): Pick<PartitionTask<never>, 'progressEveryMs' | 'holdUntilProgressSeen'> {
    return {
      ...(this.opts.progressEveryMs !== undefined ? { progressEveryMs: this.opts.progressEveryMs } : {}),
      ...(this.opts.holdUntilProgressSeen ? { holdUntilProgressSeen: true } : {}),
    };
  }

  /** Source splits per partition: contiguous ranges, so partition order is source order (with
   *  fewer splits than partitions, the first partitions get them). */
  private async assignSplits(stage: Stage): Promise<Record<number, SourceSplit[]>[]> {
    const perPartition: Record<number, SourceSplit[]>[] = Array.from({ length: stage.partitions }, () => ({}));
    const scans = opsOf(stage.root).filter((o): o is ScanOp => o.kind === 'scan');
    for (const op of scans) {
      let splits: SourceSplit[];
      try {
        splits = await planSplits({ ...op.scan, op: 'scan' }, stage.partitions, op.scan.prefixRows);
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
