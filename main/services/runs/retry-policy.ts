// When a failed run is tried again (pipeline settings retries / retryDelaySeconds /
// retryJitterFactor, as Prefect's retries, retry_delay_seconds and retry_jitter_factor).

import type { PipelineSettings } from '../../../engine/document/document-types.ts';

/** Tries in all: the first plus `retries` (a schedule's own `retries` wins over the pipeline's). */
export function maxAttempts(settings: PipelineSettings | undefined, override?: number): number {
  return 1 + Math.max(0, Math.floor(override ?? settings?.retries ?? 0));
}

/** Milliseconds before retry number `retry` (1 = the first retry). A list gives one delay per
 *  retry, its last repeating; jitter lengthens a delay by up to `factor` of it, never shortens it. */
export function retryDelayMs(settings: PipelineSettings | undefined, retry: number, random: () => number = Math.random): number {
  const spec = settings?.retryDelaySeconds ?? 0;
  const list = typeof spec === 'number' ? [spec] : spec.length > 0 ? spec : [0];
  const seconds = list[Math.min(retry - 1, list.length - 1)] ?? 0;
  const jitter = Math.max(0, settings?.retryJitterFactor ?? 0);
  return Math.round(seconds * 1000 * (1 + jitter * random()));
}
