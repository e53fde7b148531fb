// W7 / W7off: a skewed shuffle join. Events where user 42 holds half the rows, joined with 1M
// users by a forced shuffle at 8 partitions, then a group-by on country: W7 with the engine's
// skew mitigation (the hot partition split into sub-partitions), W7off with it turned off
// (settings.skewMitigation: false). DuckDB and Polars run the same query for both.

import type { Workload } from './workload.ts';

const base = {
  sourceNodes: { events: 'events', users: 'users' },
  sinkNode: 'save',
  csv: false,
  skewedEvents: true,
  defaultSizes: ['10M'],
  sql: (p) => `SELECT u.country, sum(e.amount) AS revenue, count(*) AS n
    FROM read_parquet('${p.events}') e JOIN read_parquet('${p.users}') u ON e.user_id = u.user_id
    GROUP BY u.country`,
  polars: (pl, p) => pl.scanParquet(p.events)
    .join(pl.scanParquet(p.users), { on: 'user_id', how: 'inner' })
    .groupBy('country')
    .agg(pl.col('amount').sum().alias('revenue'), pl.len().alias('n')),
} satisfies Omit<Workload, 'id' | 'title' | 'pipeline'>;

export const W7: Workload = {
  ...base, id: 'W7', pipeline: 'w7-skew-join.json',
  title: 'skewed join (user 42 on half the rows), shuffle at 8 partitions, skew mitigation on',
};

export const W7off: Workload = {
  ...base, id: 'W7off', pipeline: 'w7-skew-join-off.json',
  title: 'the same skewed join with skew mitigation off',
};
