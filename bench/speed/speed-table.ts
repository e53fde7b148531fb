// Prints the speed suite's two tables (run-speed.ts): warm medians side by side, and the
// partitions sweep with wall and CPU ratios against one partition.

import type { EngineName } from '../results.ts';

export type WarmFigure = { firstMs: number; medianMs: number; rssMB?: number } | { failure: string };

export interface WarmRow {
  readonly workload: string;
  readonly size: string;
  readonly engines: Partial<Record<EngineName, WarmFigure>>;
  mismatch?: string[];
}

export interface PartitionRow {
  readonly workload: string;
  readonly size: string;
  readonly partitions: number;
  readonly wallMs: number[];
  /** CPU seconds (user + sys) of each run. */
  readonly cpuS: number[];
  failure?: string;
}

function table(head: readonly string[], body: readonly (readonly string[])[], leftColumns: number): void {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(head));
  for (const b of body) console.log(line(b));
}

const ms = (f: WarmFigure | undefined): number | undefined => (f && 'medianMs' in f ? f.medianMs : undefined);
const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined || b === 0 ? '-' : `${(a / b).toFixed(2)}x`);

/** Returns how many rows failed or differ. */
export function printWarm(rows: readonly WarmRow[]): number {
  if (rows.length === 0) return 0;
  const cell = (f: WarmFigure | undefined): string => (f === undefined ? 'n/a' : 'failure' in f ? 'FAILED' : f.medianMs.toFixed(0));
  const first = (f: WarmFigure | undefined): string => (f && 'firstMs' in f ? f.firstMs.toFixed(0) : '-');
  console.log('\nThe studio\'s case (warm, same query repeated in one process; median ms after one untimed first run):');
  table(['workload', 'size', 'Tributary ms', 'first', 'DuckDB ms', 'first', 'Spark ms', 'first', 'T/DuckDB', 'T/Spark'],
    rows.map((r) => [r.workload, r.size, cell(r.engines.tributary), first(r.engines.tributary), cell(r.engines.duckdb),
      first(r.engines.duckdb), cell(r.engines.spark), first(r.engines.spark),
      ratio(ms(r.engines.tributary), ms(r.engines.duckdb)), ratio(ms(r.engines.tributary), ms(r.engines.spark))]), 2);
  let problems = 0;
  for (const r of rows) {
    for (const [engine, f] of Object.entries(r.engines)) {
      if (f && 'failure' in f) {
        problems++;
        console.log(`\n${r.workload} ${r.size} ${engine} (warm) FAILED:\n${f.failure}`);
      }
    }
    if (r.mismatch) {
      problems++;
      console.log(`\n${'!'.repeat(60)}\n${r.mismatch.join('\n')}\n${'!'.repeat(60)}`);
    }
  }
  return problems;
}

/** Returns how many rows failed. */
export function printPartitions(rows: readonly PartitionRow[], median: (v: readonly number[]) => number | undefined): number {
  if (rows.length === 0) return 0;
  console.log('\nPartitions sweep (tributary run --partitions P, whole process; medians; ratios against P = 1):');
  const body = rows.map((r) => {
    const one = rows.find((x) => x.workload === r.workload && x.size === r.size && x.partitions === 1);
    const wall = median(r.wallMs);
    const cpu = median(r.cpuS);
    const wall1 = one ? median(one.wallMs) : undefined;
    const cpu1 = one ? median(one.cpuS) : undefined;
    return [r.workload, r.size, String(r.partitions), r.failure ? 'FAILED' : wall === undefined ? '-' : (wall / 1000).toFixed(2),
      cpu === undefined ? '-' : cpu.toFixed(2), ratio(wall, wall1), ratio(cpu, cpu1),
      wall === undefined || cpu === undefined ? '-' : (cpu / (wall / 1000)).toFixed(2)];
  });
  table(['workload', 'size', 'partitions', 'wall s', 'CPU s', 'wall vs 1', 'CPU vs 1', 'CPU/wall'], body, 2);
  console.log('wall vs 1 below 1.00x: more partitions finish sooner. CPU/wall: cores busy on average (at most the core count).');
  for (const r of rows.filter((x) => x.failure)) console.log(`\n${r.workload} ${r.size} --partitions ${r.partitions} FAILED:\n${r.failure}`);
  return rows.filter((r) => r.failure).length;
}
