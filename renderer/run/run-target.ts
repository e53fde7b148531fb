// Which target the Run button runs on (the local engine or Spark): a value of its own, outside the
// document (a pipeline file never says where it runs), chosen in RunTargetSelect.tsx.

import type { RunTarget } from '../../main/api.ts';

let target: RunTarget = 'local';
const listeners = new Set<() => void>();

/** The target the next run goes to (session.ts startRun reads it). */
export function runTarget(): RunTarget {
  return target;
}

export function setRunTarget(next: RunTarget): void {
  target = next;
  for (const l of [...listeners]) l();
}

export function subscribeRunTarget(listener: () => void): () => void {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
}
