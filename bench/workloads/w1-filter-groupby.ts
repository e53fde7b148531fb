// W1: a selective filter, then a group-by on a low-cardinality string column.

import type { Workload } from './workload.ts';

export const W1: Workload = {
  id: 'W1',
  title: 'filter amount > 50, group by category: sum(amount), count(), avg(qty)',
  pipeline: 'w1-filter-groupby.json',
  sourceNodes: { events: 'events' },
  sinkNode: 'save',
  csv: false,
  defaultSizes: ['1M', '10M', '30M'],
  sql: (p) => `SELECT category, sum(amount) AS total, count(*) AS n, avg(qty) AS avg_qty
    FROM read_parquet('${p.events}') WHERE amount > 50 GROUP BY category`,
  polars: (pl, p) => pl.scanParquet(p.events)
    .filter(pl.col('amount').gt(50))
    .groupBy('category')
    .agg(pl.col('amount').sum().alias('total'), pl.len().alias('n'), pl.col('qty').mean().alias('avg_qty')),
};
