// The run record behind an interface, so another database could take SQLite's place
// (sqlite-store.ts is the one implementation). Every state change goes through
// transitions.ts; `transition` returns false when another process changed the run first.

import type {
  LogLine, NewRun, RunErrorRecord, SparkRunInfo, RunFilter, RunMetrics, RunRecord, RunState, RunSummary,
} from './run-types.ts';
import type { ScheduleRecord, ScheduleUpdate } from '../schedules/schedule-types.ts';
import type { SlotLimits } from './run-slots.ts';

export interface TransitionExtra {
  readonly message?: string;
  readonly error?: RunErrorRecord;
  readonly metrics?: RunMetrics;
  /** RUNNING: the document as it ran (a schedule's run reads its file only now). */
  readonly document?: unknown;
  readonly contentHash?: string;
  readonly targets?: readonly string[];
  /** A Spark run's application (run-execution.ts). */
  readonly spark?: SparkRunInfo;
}

export interface RunStore {
  /** Where the store lives (shown in errors and docs). */
  readonly location: string;
  insertRun(run: NewRun): void;
  /** Inserts a schedule's run unless its (schedule, fire time) exists; true when inserted. */
  insertScheduledRun(run: NewRun & { readonly scheduleName: string; readonly fireAt: number }): boolean;
  /** Moves the run to `to` if allowed from its current state (which must equal `from` when given). */
  transition(runId: string, to: RunState, at: number, extra?: TransitionExtra, from?: RunState): boolean;
  /** Gives this process's PENDING run a slot when fewer than the limits' runs hold one across
   *  every process sharing the store (run-slots.ts); true when it may start. */
  claimSlot(runId: string, pipeline: string, limits: SlotLimits, now: number): boolean;
  /** Marks runs of dead processes (pid gone, or lease expired) CRASHED; their ids. */
  recoverCrashed(): string[];
  /** Claims the run for this process (its lease): RUNNING runs of a dead owner become CRASHED. */
  claim(runId: string): void;
  appendLogs(runId: string, lines: readonly LogLine[]): void;
  /** Rows per node while a run is going (the last reported values). */
  updateNodes(runId: string, nodes: Readonly<Record<string, number>>): void;
  requestCancel(runId: string): boolean;
  get(runId: string): RunRecord | undefined;
  /** Ids starting with `prefix` (at most 10), so a person can type the first characters. */
  idsStartingWith(prefix: string): string[];
  list(filter?: RunFilter): RunSummary[];
  /** SCHEDULED runs due at `now`, oldest first. */
  dueRuns(now: number, limit: number): RunSummary[];
  /** Runs in these states (PENDING/RUNNING of a schedule, for overlap policies). */
  activeRuns(filter: { readonly scheduleName?: string; readonly pipeline?: string }): RunSummary[];
  /** Ids of this process's runs another process asked to cancel. */
  cancelRequests(): string[];
  baseDirOf(runId: string): string | undefined;

  listSchedules(): ScheduleRecord[];
  getSchedule(name: string): ScheduleRecord | undefined;
  addSchedule(schedule: ScheduleRecord): void;
  updateSchedule(name: string, update: ScheduleUpdate): boolean;
  removeSchedule(name: string): boolean;
  /** Takes or renews a named lease until `until`; false when a live owner holds it. */
  acquireLease(name: string, owner: string, now: number, until: number): boolean;
  releaseLease(name: string, owner: string): void;

  /** Renews this process's heartbeat (a crashed process's runs are found by a stale one). */
  heartbeat(now: number): void;
  close(): void;
}
