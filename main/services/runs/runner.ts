// The one runner: the studio, `tributary run`, the scheduler's runs, retries and re-runs all go
// through here, so every run is recorded in the store and reported as the same events whoever
// started it. It owns the concurrency limit (global, and per pipeline: one at a time by default;
// runs beyond it wait PENDING), picks up due SCHEDULED runs (a schedule's or a retry's) and
// schedules a retry when a run fails with an error a retry could fix.

import { randomUUID } from 'node:crypto';
import type { PipelineDocument } from '../../../engine/document/document-types.ts';
import type { Engine } from '../../../engine/exec/engine.ts';
import type { RunEvent } from '../../../engine/exec/events.ts';
import type { PathPolicy } from '../../../engine/path-policy.ts';
import { SYSTEM_CLOCK, type Clock } from './clock.ts';
import { executeRun, type ExecuteContext, type QueuedRun, type RunOutcome } from './run-execution.ts';
import type { RunStore } from './run-store.ts';
import type { HistoryChange, RunOptionsRecord, RunState, RunTarget, RunTrigger } from './run-types.ts';

export type { HistoryChange } from './run-types.ts';
import { contentHash } from './run-document.ts';
import { maxAttempts } from './retry-policy.ts';
import { isTerminal } from './transitions.ts';

export type { RunOutcome } from './run-execution.ts';

export interface RunnerOptions {
  readonly store: RunStore;
  /** The engine runs go to (created on first use by the caller, kept warm). */
  readonly engine: () => Engine;
  readonly clock?: Clock;
  /** Runs at once, in this process and across processes sharing the store (default 4). */
  readonly maxConcurrentRuns?: number;
  /** Runs of one pipeline at once, across processes sharing the store (default 1). */
  readonly maxRunsPerPipeline?: number;
  /** How often due SCHEDULED runs and cancel requests from other processes are looked for. */
  readonly pollEveryMs?: number;
  readonly random?: () => number;
  /** Which due SCHEDULED runs this runner takes: 'all' (the studio, `tributary scheduler`), or
   *  'own' (only retries of runs it started: `tributary run` leaves schedules to the others). */
  readonly pickUp?: 'all' | 'own';
  /** Which files a run's document may name (engine/path-policy.ts), asked at each run's start
   *  (the studio's data folders can change); default: anywhere (the CLI, on the user's machine). */
  readonly pathPolicy?: () => Promise<PathPolicy> | PathPolicy;
}

export interface RunRequest {
  readonly document: PipelineDocument;
  /** The pipeline file as the user named it, or undefined for an unsaved document. */
  readonly pipeline?: string;
  readonly baseDir: string;
  readonly trigger: RunTrigger;
  readonly partitions?: number;
  /** Default 'local'; 'spark' runs the exported PySpark job (main/services/spark). */
  readonly target?: RunTarget;
  /** A Spark run's master (the studio's settings or --master); absent: SPARK_MASTER, else local[*]. */
  readonly master?: string;
}


export interface RunnerListener {
  onRunEvent?(event: RunEvent): void;
  onHistory?(change: HistoryChange): void;
}

interface Active { readonly abort: AbortController; readonly key: string; readonly firstRunId: string; finished: boolean; settled?: Promise<void> }

export class Runner {
  readonly store: RunStore;
  readonly #options: RunnerOptions;
  readonly #clock: Clock;
  readonly #queue: QueuedRun[] = [];
  readonly #active = new Map<string, Active>();
  readonly #listeners = new Set<RunnerListener>();
  /** firstRunId -> resolves with the outcome of the chain's last attempt. */
  readonly #chains = new Map<string, (outcome: RunOutcome) => void>();
  #stopPolling: (() => void) | undefined;
  #slotRetry: (() => void) | undefined;
  #closed = false;

  constructor(options: RunnerOptions) {
    this.#options = options;
    this.store = options.store;
    this.#clock = options.clock ?? SYSTEM_CLOCK;
  }

  listen(listener: RunnerListener): () => void {
    this.#listeners.add(listener);
    return () => { this.#listeners.delete(listener); };
  }

  /** Records a PENDING run and queues it; `done` settles with the last attempt's outcome (after
   *  any retries). The caller checks the document first (the studio refuses an invalid one). */
  submit(request: RunRequest): { runId: string; done: Promise<RunOutcome> } {
    const id = randomUUID();
    const pipeline = request.pipeline ?? request.document.name;
    const attempts = maxAttempts(request.document.settings);
    const target = request.target ?? 'local';
    const options: RunOptionsRecord = {
      ...(request.partitions !== undefined ? { partitions: request.partitions } : {}),
      ...(target === 'spark' && request.master !== undefined ? { master: request.master } : {}),
    };
    this.store.insertRun({
      id, state: 'PENDING', trigger: request.trigger, pipeline, pipelineName: request.document.name,
      contentHash: contentHash(request.document), document: request.document, options, target,
      createdAt: this.#clock.now(), attempt: 1, firstRunId: id, maxAttempts: attempts, baseDir: request.baseDir,
    });
    const done = this.#chainDone(id);
    this.#enqueue({
      id, firstRunId: id, attempt: 1, maxAttempts: attempts, pipeline, trigger: request.trigger, document: request.document,
      baseDir: request.baseDir, target, ...(request.partitions !== undefined ? { partitions: request.partitions } : {}),
      ...(options.master !== undefined ? { master: options.master } : {}),
    });
    return { runId: id, done };
  }

  /** Cancels a waiting or running run, here or (through the store) in another process. */
  cancel(runId: string): boolean {
    const active = this.#active.get(runId);
    if (active) {
      if (active.finished || active.abort.signal.aborted) return false;
      active.abort.abort();
      return true;
    }
    const queued = this.#queue.findIndex((q) => q.id === runId);
    if (queued >= 0) {
      const [q] = this.#queue.splice(queued, 1);
      if (this.store.transition(runId, 'CANCELLED', this.#clock.now(), { message: 'cancelled while waiting' })) {
        this.#emitEvent({ type: 'run.finished', runId, status: 'CANCELLED', durationMs: 0, nodes: [] });
        this.#emitHistory(runId, 'CANCELLED');
        this.#settleChain(q!.firstRunId, { runId, state: 'CANCELLED' });
      }
      return true;
    }
    const run = this.store.get(runId);
    if (run?.state === 'SCHEDULED') {
      const ok = this.store.transition(runId, 'CANCELLED', this.#clock.now(), { message: 'cancelled before it started' }, 'SCHEDULED');
      if (ok) this.#emitHistory(runId, 'CANCELLED');
      return ok;
    }
    if (run?.state === 'PENDING' || run?.state === 'RUNNING') return this.store.requestCancel(runId);
    return false;
  }

  /** Looks for due SCHEDULED runs and cancel requests every `pollEveryMs` until close(). */
  startPolling(): void {
    if (this.#stopPolling || this.#closed) return;
    const every = this.#options.pollEveryMs ?? 1_000;
    const tick = (): void => {
      try {
        this.poll();
      } catch (e) {
        console.error(`runner: ${(e as Error).message}`);
      }
      if (!this.#closed) this.#stopPolling = this.#clock.setTimer(tick, every);
    };
    this.#stopPolling = this.#clock.setTimer(tick, 0);
  }

  /** Claims due SCHEDULED runs (atomically: another runner cannot take the same one). */
  poll(): number {
    let claimed = 0;
    for (const due of this.store.dueRuns(this.#clock.now(), 50)) {
      if (this.#options.pickUp === 'own' && !this.#chains.has(due.firstRunId)) continue;
      if (!this.store.transition(due.id, 'PENDING', this.#clock.now(), {}, 'SCHEDULED')) continue;
      const full = this.store.get(due.id);
      if (!full) continue;
      claimed++;
      this.#emitHistory(due.id, 'PENDING');
      if (!this.#chains.has(full.firstRunId)) this.#chainDone(full.firstRunId);
      this.#enqueue({
        id: full.id, firstRunId: full.firstRunId, attempt: full.attempt, maxAttempts: full.maxAttempts, pipeline: full.pipeline,
        trigger: full.trigger, document: full.document.nodes.length > 0 ? full.document : null,
        baseDir: this.store.baseDirOf(full.id) ?? '.', ...(full.scheduleName ? { scheduleName: full.scheduleName } : {}),
        ...(full.options.partitions !== undefined ? { partitions: full.options.partitions } : {}),
        target: full.target, ...(full.options.master !== undefined ? { master: full.options.master } : {}),
      });
    }
    for (const id of this.store.cancelRequests()) this.cancel(id);
    this.#settleChainsRunElsewhere();
    // Slots held by runs of processes that died are freed by marking those runs CRASHED; then
    // the runs waiting here try for a slot again.
    if (this.#queue.length > 0) {
      this.store.recoverCrashed();
      this.#pump();
    }
    return claimed;
  }

  /** A chain this runner waits on whose retry another runner took (the studio's, a headless
   *  scheduler's) ends when its newest attempt does. */
  #settleChainsRunElsewhere(): void {
    for (const firstRunId of [...this.#chains.keys()]) {
      const here = this.#queue.some((q) => q.firstRunId === firstRunId)
        || [...this.#active.values()].some((a) => a.firstRunId === firstRunId);
      if (here) continue;
      const [newest] = this.store.list({ firstRunId, limit: 1 });
      if (newest && isTerminal(newest.state)) this.#settleChain(firstRunId, { runId: newest.id, state: newest.state });
    }
  }

  /** Runs waiting or going in this process. */
  get busy(): number {
    return this.#queue.length + this.#active.size;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#stopPolling?.();
    this.#slotRetry?.();
    for (const q of this.#queue.splice(0)) this.store.transition(q.id, 'CANCELLED', this.#clock.now(), { message: 'the runner closed' });
    const active = [...this.#active.values()];
    for (const a of active) a.abort.abort();
    await Promise.all(active.map((a) => a.settled));
  }

  #chainDone(firstRunId: string): Promise<RunOutcome> {
    return new Promise((resolve) => { this.#chains.set(firstRunId, resolve); });
  }

  #settleChain(firstRunId: string, outcome: RunOutcome): void {
    const resolve = this.#chains.get(firstRunId);
    this.#chains.delete(firstRunId);
    resolve?.(outcome);
  }

  #enqueue(run: QueuedRun): void {
    this.#queue.push(run);
    this.#pump();
  }

  #pump(): void {
    const max = this.#options.maxConcurrentRuns ?? 4;
    const perPipeline = this.#options.maxRunsPerPipeline ?? 1;
    for (let i = 0; i < this.#queue.length && this.#active.size < max;) {
      const q = this.#queue[i]!;
      const running = [...this.#active.values()].filter((a) => a.key === q.pipeline).length;
      if (running >= perPipeline) { i++; continue; }
      // The limits hold across processes sharing the store: the store grants the slot (or not yet:
      // the run waits PENDING and tries again on the next poll or when a run here ends).
      if (!this.store.claimSlot(q.id, q.pipeline, { global: max, perPipeline }, this.#clock.now())) {
        this.#retrySlotsLater();
        i++;
        continue;
      }
      this.#queue.splice(i, 1);
      this.#start(q);
    }
  }

  /** A runner that does not poll (poll() tries again each time) still tries for a slot again. */
  #retrySlotsLater(): void {
    if (this.#stopPolling || this.#slotRetry || this.#closed) return;
    this.#slotRetry = this.#clock.setTimer(() => {
      this.#slotRetry = undefined;
      try {
        this.store.recoverCrashed();
        this.#pump();
      } catch (e) {
        console.error(`runner: ${(e as Error).message}`);
      }
    }, this.#options.pollEveryMs ?? 1_000);
  }

  #start(q: QueuedRun): void {
    const active: Active = { abort: new AbortController(), key: q.pipeline, firstRunId: q.firstRunId, finished: false };
    this.#active.set(q.id, active);
    const ctx: ExecuteContext = {
      store: this.store, engine: this.#options.engine, clock: this.#clock, signal: active.abort.signal,
      random: this.#options.random ?? Math.random,
      ...(this.#options.pathPolicy ? { pathPolicy: this.#options.pathPolicy } : {}),
      onEvent: (e) => {
        if (e.type === 'run.finished') active.finished = true;
        this.#emitEvent(e);
      },
      onState: (state) => this.#emitHistory(q.id, state),
    };
    active.settled = executeRun(q, ctx)
      .catch((e: unknown): RunOutcome => {
        console.error(`run ${q.id}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        return { runId: q.id, state: 'FAILED' };
      })
      .then((outcome) => {
        this.#active.delete(q.id);
        if (!outcome.retry) this.#settleChain(q.firstRunId, outcome);
        this.#pump();
      });
  }

  #emitEvent(event: RunEvent): void {
    for (const l of [...this.#listeners]) {
      try { l.onRunEvent?.(event); } catch (e) { console.error(`a run event listener threw: ${(e as Error).message}`); }
    }
  }

  #emitHistory(runId: string, state: RunState): void {
    for (const l of [...this.#listeners]) {
      try { l.onHistory?.({ runId, state }); } catch (e) { console.error(`a history listener threw: ${(e as Error).message}`); }
    }
  }
}
