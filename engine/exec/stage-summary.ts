// Per-stage statistics over its partitions: min / median / max of rows and time, the skew flag
// (a partition over skewFactor x the median and over a minimum size, as Spark's adaptive
// execution), the slowest partition and why, and the hot key of a skewed hash partition.

import type { PartitionMetrics, Spread, StageSummary } from './events.ts';
import type { HotKey } from './key-sampler.ts';
import { skewCause, type StageInput } from './skew/diagnose.ts';

export const DEFAULT_SKEW_FACTOR = 5;
export const DEFAULT_SKEW_MIN_ROWS = 10_000;

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { min: 0, median: 0, max: 0 };
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { min: s[0]!, median, max: s[s.length - 1]! };
}

export function summarizeStage(
  stageId: number, parts: readonly PartitionMetrics[], hotKeys: ReadonlyMap<number, HotKey>,
  opts: { skewFactor?: number; skewMinRows?: number; input?: StageInput } = {},
): StageSummary {
  const factor = opts.skewFactor ?? DEFAULT_SKEW_FACTOR;
  const minRows = opts.skewMinRows ?? DEFAULT_SKEW_MIN_ROWS;
  const rows = spread(parts.map((p) => p.rowsIn));
  const durationMs = spread(parts.map((p) => p.durationMs));
  const skewedPartitions = parts.filter((p) => p.rowsIn > factor * rows.median && p.rowsIn > minRows).map((p) => p.partition);
  const slowestPart = parts.reduce<PartitionMetrics | undefined>((a, p) => (!a || p.durationMs > a.durationMs ? p : a), undefined);
  const slowest = slowestPart
    ? { partition: slowestPart.partition, reason: slowReason(slowestPart, rows.median, durationMs.median, parts.length) }
    : { partition: 0, reason: 'no partitions' };
  const biggest = parts.reduce<PartitionMetrics | undefined>((a, p) => (!a || p.rowsIn > a.rowsIn ? p : a), undefined);
  const hot = skewedPartitions.length > 0 && biggest ? hotKeys.get(biggest.partition) : undefined;
  const cause = skewCause(skewedPartitions, parts, rows, opts.input ?? { kind: 'other' }, hotKeys, factor);
  return {
    stageId, rows, durationMs, skewed: skewedPartitions.length > 0, skewedPartitions, slowest,
    ...(hot ? { hotKey: { column: hot.column, value: hot.value, share: hot.share } } : {}),
    ...(cause ? { cause } : {}),
  };
}

function slowReason(p: PartitionMetrics, medianRows: number, medianMs: number, count: number): string {
  if (count === 1) return `the only partition: ${p.rowsIn} rows in ${p.durationMs.toFixed(1)} ms`;
  if (p.rowsIn > 1.5 * medianRows && p.rowsIn > 0) {
    const times = medianRows > 0 ? `${(p.rowsIn / medianRows).toFixed(1)}x the median` : 'the others have none';
    return `rows: ${p.rowsIn} rows in, ${times}`;
  }
  return `time: ${p.durationMs.toFixed(1)} ms against a median of ${medianMs.toFixed(1)} ms with similar rows`;
}
