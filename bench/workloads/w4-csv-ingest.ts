// W4: CSV ingest: read the events CSV with schema inference, aggregate by category.

import type { Workload } from './workload.ts';

export const W4: Workload = {
  id: 'W4',
  title: 'read the events CSV (schema inferred), group by category: count(), sum(amount)',
  pipeline: 'w4-csv-ingest.json',
  sourceNodes: { events: 'events' },
  sinkNode: 'save',
  csv: true,
  defaultSizes: ['10M'],
  sql: (p) => `SELECT category, count(*) AS n, sum(amount) AS total
    FROM read_csv('${p.events}', header = true) GROUP BY category`,
  polars: (pl, p) => pl.scanCSV(p.events, { hasHeader: true })
    .groupBy('category')
    .agg(pl.len().alias('n'), pl.col('amount').sum().alias('total')),
};
