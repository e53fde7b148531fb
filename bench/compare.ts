// Checks that two engines wrote the same result, inside DuckDB so that a result of millions of
// rows (W6's 1M groups, W8's distinct pairs, the scale suite's outputs) is never loaded into
// JavaScript. Same column names (any order); rows matched on the columns that are not
// floating-point (the keys: group-by columns, counts, ids), with each key's number of rows
// equal; floating-point columns summed per key and equal to a relative 1e-9 (sums of doubles
// differ in their last bits with the summation order, which depends on threads and partitions).

import { DuckDBInstance } from '@duckdb/node-api';

export const RELATIVE_TOLERANCE = 1e-9;

const FLOATING = /^(DOUBLE|FLOAT|REAL|DECIMAL)/;

function literal(path: string): string {
  return `'${path.replaceAll("'", "''")}'`;
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

type Run = (sql: string) => Promise<unknown[][]>;

async function columnsOf(run: Run, path: string): Promise<{ name: string; type: string }[]> {
  const rows = await run(`DESCRIBE SELECT * FROM read_parquet(${literal(path)})`);
  return rows.map((r) => ({ name: String(r[0]), type: String(r[1]) }));
}

/** The comparison query: per key, the row count and the sum of each floating column, side by side. */
export function mismatchQuery(expected: string, actual: string, keys: readonly string[], values: readonly string[]): string {
  const grouped = (path: string): string => {
    const cols = [...keys.map(ident), 'count(*) AS "__rows"', ...values.map((v) => `sum(${ident(v)}) AS ${ident(v)}`)];
    return `SELECT ${cols.join(', ')} FROM read_parquet(${literal(path)})${keys.length > 0 ? ` GROUP BY ${keys.map(ident).join(', ')}` : ''}`;
  };
  const on = keys.length > 0 ? keys.map((k) => `e.${ident(k)} IS NOT DISTINCT FROM a.${ident(k)}`).join(' AND ') : 'true';
  const close = (v: string): string => `((e.${ident(v)} IS NULL AND a.${ident(v)} IS NULL) OR `
    + `abs(e.${ident(v)} - a.${ident(v)}) <= ${RELATIVE_TOLERANCE} * greatest(abs(e.${ident(v)}), abs(a.${ident(v)})))`;
  const bad = ['e."__rows" IS DISTINCT FROM a."__rows"', ...values.map((v) => `NOT coalesce(${close(v)}, false)`)].join(' OR ');
  return `SELECT e, a FROM (${grouped(expected)}) e FULL OUTER JOIN (${grouped(actual)}) a ON ${on} WHERE ${bad}`;
}

/**
 * Every difference between the Parquet files `expected` and `actual`, as lines a person reads
 * (empty = equal); at most `maxLines` example rows.
 */
export async function diffParquetFiles(expected: string, actual: string, maxLines = 8): Promise<string[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const run: Run = async (sql) => (await conn.runAndReadAll(sql)).getRowsJS();
  try {
    const want = await columnsOf(run, expected);
    const got = await columnsOf(run, actual);
    const names = (cols: { name: string }[]): string => cols.map((c) => c.name).sort().join('\u0000');
    if (names(want) !== names(got)) {
      return [`columns differ: expected [${want.map((c) => c.name).join(', ')}], got [${got.map((c) => c.name).join(', ')}]`];
    }
    const floating = (name: string): boolean => [...want, ...got].some((c) => c.name === name && FLOATING.test(c.type));
    const keys = want.map((c) => c.name).filter((n) => !floating(n));
    const values = want.map((c) => c.name).filter(floating);
    const count = async (path: string): Promise<number> => Number((await run(`SELECT count(*) FROM read_parquet(${literal(path)})`))[0]![0]);
    const problems: string[] = [];
    const [e, a] = [await count(expected), await count(actual)];
    if (e !== a) problems.push(`row count differs: expected ${e}, got ${a}`);
    const query = mismatchQuery(expected, actual, keys, values);
    const differing = Number((await run(`SELECT count(*) FROM (${query})`))[0]![0]);
    if (differing === 0) return problems;
    problems.push(`${differing} key(s) differ (keys: ${keys.join(', ') || '(none)'}; per key: row count, sums of ${values.join(', ') || '(no floating column)'}):`);
    for (const [exp, act] of await run(`${query} LIMIT ${maxLines}`)) {
      problems.push(`  expected ${show(exp)}, got ${show(act)}`);
    }
    return problems;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** One side's row of the outer join; a side without the key comes back with every field null. */
function show(value: unknown): string {
  if (value === null || value === undefined || (value as Record<string, unknown>)['__rows'] === null) return '(missing)';
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
}
