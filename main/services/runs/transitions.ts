// The one place a run's state may change (as Prefect's orchestration policies): every store
// write of a state asks `checkTransition` first, so no code path can move a COMPLETED run back to
// RUNNING or resurrect a CRASHED one.

import type { RunState } from './run-types.ts';

const ALLOWED: Readonly<Record<RunState, readonly RunState[]>> = {
  SCHEDULED: ['PENDING', 'CANCELLED', 'CRASHED'],
  PENDING: ['RUNNING', 'CANCELLED', 'FAILED', 'CRASHED'],
  RUNNING: ['COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED'],
  COMPLETED: [],
  FAILED: [],
  CANCELLED: [],
  CRASHED: [],
};

export const TERMINAL_STATES: readonly RunState[] = ['COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED'];

export function isTerminal(state: RunState): boolean {
  return ALLOWED[state].length === 0;
}

export function canTransition(from: RunState, to: RunState): boolean {
  return ALLOWED[from].includes(to);
}

export class TransitionError extends Error {
  readonly from: RunState;
  readonly to: RunState;
  constructor(runId: string, from: RunState, to: RunState) {
    super(`run ${runId} cannot go from ${from} to ${to}` +
      (isTerminal(from) ? `: ${from} is final` : `: from ${from} a run may go to ${ALLOWED[from].join(', ')}`));
    this.name = 'TransitionError';
    this.from = from;
    this.to = to;
  }
}

/** Throws TransitionError unless `from -> to` is allowed. */
export function checkTransition(runId: string, from: RunState, to: RunState): void {
  if (!canTransition(from, to)) throw new TransitionError(runId, from, to);
}
