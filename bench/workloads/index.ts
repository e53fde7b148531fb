// The benchmark's workloads, in table order. The 10k-row latency pipeline is separate (latency.ts).

import { W1 } from './w1-filter-groupby.ts';
import { W2 } from './w2-join-groupby.ts';
import { W4 } from './w4-csv-ingest.ts';
import { W5 } from './w5-top100.ts';
import { W6 } from './w6-join-groupby-users.ts';
import { W7, W7off } from './w7-skew-join.ts';
import { W8 } from './w8-distinct.ts';
import type { Workload } from './workload.ts';

export type { InputPaths, Workload } from './workload.ts';

export const WORKLOADS: readonly Workload[] = [W1, W2, W5, W4, W6, W8, W7, W7off];

export function workloadById(id: string): Workload | undefined {
  return WORKLOADS.find((w) => w.id.toLowerCase() === id.toLowerCase());
}
