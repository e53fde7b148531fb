// W5: top-100 rows by amount. event_id breaks ties (amounts are cents, so the 100th place is
// shared by many rows at 10M) so that every engine must return the same rows.

import type { Workload } from './workload.ts';

export const W5: Workload = {
  id: 'W5',
  title: 'sort by amount desc nulls last (then event_id), limit 100',
  pipeline: 'w5-top100.json',
  sourceNodes: { events: 'events' },
  sinkNode: 'save',
  csv: false,
  defaultSizes: ['10M'],
  sql: (p) => `SELECT * FROM read_parquet('${p.events}')
    ORDER BY amount DESC NULLS LAST, event_id ASC LIMIT 100`,
  polars: (pl, p) => pl.scanParquet(p.events)
    .sort({ by: ['amount', 'event_id'], descending: [true, false], nullsLast: true })
    .limit(100),
};
