// The benchmark's workloads, in table order. The 10k-row latency pipeline is separate (latency.ts).

import { W1 } from './w1-filter-groupby.ts';
import { W2 } from './w2-join-groupby.ts';
import { W4 } from './w4-csv-ingest.ts';
import { W5 } from './w5-top100.ts';
import { W6, W6off } from './w6-skew-join.ts';
import type { Workload } from './workload.ts';

export type { InputPaths, Workload } from './workload.ts';

export const WORKLOADS: readonly Workload[] = [W1, W2, W5, W4, W6, W6off];

export function workloadById(id: string): Workload | undefined {
  return WORKLOADS.find((w) => w.id.toLowerCase() === id.toLowerCase());
}
