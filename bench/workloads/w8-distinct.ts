// W8: a high-cardinality distinct (issue 14): the distinct (user_id, category) pairs of events,
// millions of them at 10M rows, so the distinct's hash table cannot be small.

import type { Workload } from './workload.ts';

export const W8: Workload = {
  id: 'W8',
  title: 'distinct (user_id, category) pairs of events (high cardinality)',
  pipeline: 'w8-distinct.json',
  sourceNodes: { events: 'events' },
  sinkNode: 'save',
  csv: false,
  defaultSizes: ['10M'],
  sql: (p) => `SELECT DISTINCT user_id, category FROM read_parquet('${p.events}')`,
  polars: (pl, p) => pl.scanParquet(p.events).select('user_id', 'category').unique(),
};
