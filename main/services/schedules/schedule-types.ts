// A schedule as stored: a pipeline file fired by cron (with a time zone) or at a fixed interval
// from an anchor, with its overlap and catch-up policies (docs/run-history.md).

export const OVERLAP_POLICIES = ['skip', 'queue', 'cancel-running'] as const;
export type OverlapPolicy = typeof OVERLAP_POLICIES[number];
export const CATCH_UP_POLICIES = ['none', 'latest', 'all'] as const;
export type CatchUpPolicy = typeof CATCH_UP_POLICIES[number];

export type ScheduleTiming =
  | { readonly kind: 'cron'; readonly cron: string; readonly timezone: string }
  | { readonly kind: 'every'; readonly everyMs: number; readonly anchor: number };

export interface ScheduleRecord {
  readonly name: string;
  /** Absolute path of the pipeline file. */
  readonly pipeline: string;
  readonly timing: ScheduleTiming;
  readonly enabled: boolean;
  readonly overlap: OverlapPolicy;
  readonly catchUp: CatchUpPolicy;
  /** With catch-up 'all': at most this many missed fire times are run (the newest). */
  readonly catchUpCap: number;
  /** Overrides the pipeline's own settings.retries when set. */
  readonly retries?: number;
  readonly createdAt: number;
  /** The last fire time handled (fired, skipped or dropped); the next is after it. */
  readonly lastFireAt?: number;
}

export interface ScheduleUpdate {
  readonly enabled?: boolean;
  readonly lastFireAt?: number;
  /** An edit (schedule-edit.ts): the name, pipeline and creation time stay, and so its runs. */
  readonly timing?: ScheduleTiming;
  readonly overlap?: OverlapPolicy;
  readonly catchUp?: CatchUpPolicy;
  readonly catchUpCap?: number;
  /** null: back to the pipeline's own settings.retries. */
  readonly retries?: number | null;
}
