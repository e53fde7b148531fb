// Prints the scale suite's table: per case, budget and engine the time, peak RSS (and whether it
// is within the target, budget + 300 MB), spilled bytes, and whether the answer is right.

import { memoryLabel, rowsLabel } from '../units.ts';

/** Issue 14's target: peak RSS at most the budget plus this (process, V8 and worker overhead). */
export const RSS_HEADROOM_MB = 300;

export interface ScaleRow {
  readonly case: string;
  readonly rows: number;
  readonly budgetMB: number;
  readonly engine: string;
  wallS?: number;
  rssMB?: number;
  /** Peak size of the engine's temp folder during the run (sampled). */
  diskPeakBytes?: number;
  /** Spilled bytes as the engine itself reports them (Tributary's --json), when it does. */
  reportedSpillBytes?: number;
  answer?: string;
  failure?: string;
}

const mb = (bytes: number | undefined): string => (bytes === undefined ? 'n/a' : (bytes / 1024 / 1024).toFixed(0));

/** Whether a peak RSS is within the target for its budget: 'yes', 'NO' or '-' when unknown. */
export function withinTarget(row: Pick<ScaleRow, 'rssMB' | 'budgetMB'>): string {
  if (row.rssMB === undefined) return '-';
  return row.rssMB <= row.budgetMB + RSS_HEADROOM_MB ? 'yes' : 'NO';
}

/** Prints the table; returns how many rows failed or answered wrong. */
export function printScale(rows: readonly ScaleRow[]): number {
  const head = ['case', 'rows', 'budget', 'engine', 'time s', 'peak RSS MB', `<= budget+${RSS_HEADROOM_MB}`,
    'temp peak MB', 'reported spill MB', 'answer'];
  const body = rows.map((r) => (r.failure
    ? [r.case, rowsLabel(r.rows), memoryLabel(r.budgetMB), r.engine, `FAILED: ${r.failure.split('\n')[0]}`, '', '', '', '', '']
    : [r.case, rowsLabel(r.rows), memoryLabel(r.budgetMB), r.engine, r.wallS?.toFixed(1) ?? '-', r.rssMB?.toFixed(0) ?? '-',
      withinTarget(r), mb(r.diskPeakBytes), mb(r.reportedSpillBytes), r.answer ?? '-']));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[4]!.startsWith('FAILED') && i === 4 ? 0 : b[i]!.length))));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i < 4 || i === 9 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  console.log(`\n${line(head)}`);
  for (const b of body) console.log(line(b));
  console.log(`Peak RSS: /usr/bin/time -v's maximum resident set size of the engine's process (one process each,`
    + ` every thread counted). Temp peak: the largest size of its temp folder while it ran, sampled every 100 ms.`
    + ` Reported spill: Tributary's --json run metrics (n/a: this build reports none).`);
  const failures = rows.filter((r) => r.failure);
  for (const f of failures) console.log(`\n${'!'.repeat(60)}\n${f.case} ${memoryLabel(f.budgetMB)} ${f.engine} FAILED:\n${f.failure}\n${'!'.repeat(60)}`);
  return failures.length + rows.filter((r) => r.answer?.startsWith('WRONG')).length;
}
