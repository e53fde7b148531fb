// W2: events (Zipf-skewed user_id) joined with 1M users, then a group-by on the joined country.

import type { Workload } from './workload.ts';

export const W2: Workload = {
  id: 'W2',
  title: 'events join users on user_id, group by country: sum(amount), count()',
  pipeline: 'w2-join-groupby.json',
  sourceNodes: { events: 'events', users: 'users' },
  sinkNode: 'save',
  csv: false,
  defaultSizes: ['1M', '10M', '30M'],
  sql: (p) => `SELECT u.country, sum(e.amount) AS revenue, count(*) AS n
    FROM read_parquet('${p.events}') e JOIN read_parquet('${p.users}') u ON e.user_id = u.user_id
    GROUP BY u.country`,
  polars: (pl, p) => pl.scanParquet(p.events)
    .join(pl.scanParquet(p.users), { on: 'user_id', how: 'inner' })
    .groupBy('country')
    .agg(pl.col('amount').sum().alias('revenue'), pl.len().alias('n')),
};
