// The scale suite's cases (issue 14): each a pipeline in bench/pipelines/ and the same query in
// DuckDB, run over events of --rows rows (100M by default) at each memory budget.

export interface ScalePaths {
  readonly events: string;
  readonly users: string;
}

export interface ScaleCase {
  readonly id: string;
  readonly title: string;
  readonly pipeline: string;
  /** Pipeline node id -> which input it reads. */
  readonly sourceNodes: Readonly<Record<string, keyof ScalePaths>>;
  readonly sinkNode: string;
  /** The query DuckDB runs; its rows go to the output file as Tributary's sink writes them. */
  sql(p: ScalePaths): string;
  /**
   * How the answers are checked: 'rows' compares the two output files key by key (compare.ts);
   * 'sorted' checks each output against the input (same rows, ordered by `sortColumn`) without
   * reading the rows into memory (check-sorted.ts).
   */
  readonly check: 'rows' | 'sorted';
  readonly sortColumn?: string;
}

const parquet = (path: string): string => `read_parquet('${path.replaceAll("'", "''")}')`;

export const SCALE_CASES: readonly ScaleCase[] = [
  {
    id: 'join-groupby',
    title: 'events join 1M users on user_id (shuffle), group by user_id (1M groups): sum(amount), count()',
    pipeline: 'scale-join-groupby.json',
    sourceNodes: { events: 'events', users: 'users' },
    sinkNode: 'save',
    sql: (p) => `SELECT e.user_id, sum(e.amount) AS revenue, count(*) AS n
      FROM ${parquet(p.events)} e JOIN ${parquet(p.users)} u ON e.user_id = u.user_id GROUP BY e.user_id`,
    check: 'rows',
  },
  {
    id: 'sort',
    title: 'sort all events by amount (nulls last), written to Parquet',
    pipeline: 'scale-sort.json',
    sourceNodes: { events: 'events' },
    sinkNode: 'save',
    sql: (p) => `SELECT * FROM ${parquet(p.events)} ORDER BY amount ASC NULLS LAST`,
    check: 'sorted',
    sortColumn: 'amount',
  },
  {
    id: 'self-join',
    title: 'events join events on event_id (unique key, no side broadcastable), group by category',
    pipeline: 'scale-self-join.json',
    sourceNodes: { events: 'events', events_again: 'events' },
    sinkNode: 'save',
    sql: (p) => `SELECT l.category, count(*) AS n, sum(l.amount) AS total, sum(r.qty)::BIGINT AS qty
      FROM ${parquet(p.events)} l JOIN ${parquet(p.events)} r ON l.event_id = r.event_id GROUP BY l.category`,
    check: 'rows',
  },
];
