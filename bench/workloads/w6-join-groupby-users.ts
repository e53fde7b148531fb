// W6: the group-by real pipelines do (issue 14): events joined with 1M users on user_id by a
// shuffle (users is too big to broadcast), grouped by user_id and country: about 1M groups.

import type { Workload } from './workload.ts';

export const W6: Workload = {
  id: 'W6',
  title: 'events join users on user_id (shuffle), group by user_id, country: sum(amount), count() (~1M groups)',
  pipeline: 'w6-join-groupby-users.json',
  sourceNodes: { events: 'events', users: 'users' },
  sinkNode: 'save',
  csv: false,
  defaultSizes: ['10M', '30M'],
  sql: (p) => `SELECT e.user_id, u.country, sum(e.amount) AS revenue, count(*) AS n
    FROM read_parquet('${p.events}') e JOIN read_parquet('${p.users}') u ON e.user_id = u.user_id
    GROUP BY e.user_id, u.country`,
  polars: (pl, p) => pl.scanParquet(p.events)
    .join(pl.scanParquet(p.users), { on: 'user_id', how: 'inner' })
    .groupBy(['user_id', 'country'])
    // SQL's sum over only nulls is null (a user whose every event lacks an amount); Polars' is 0.
    .agg(
      pl.when(pl.col('amount').count().gt(0)).then(pl.col('amount').sum()).otherwise(pl.lit(null)).alias('revenue'),
      pl.len().alias('n'),
    ),
};
