// The sort case's answer check, inside DuckDB and without loading 100M rows into JavaScript:
// the output holds the same rows as the input (row count and an order-independent checksum
// of every row, sum(hash(row))), and is ordered by the sort column: each Parquet row group's
// minimum is at least the previous row group's maximum, and row groups holding nulls come last.
// Order inside a row group is not checked (that would need a full pass in file order).

import { DuckDBInstance } from '@duckdb/node-api';

const quote = (path: string): string => `'${path.replaceAll("'", "''")}'`;
const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Problems with `output` as the input sorted ascending, nulls last, by `column` (empty = fine). */
export async function checkSorted(input: string, output: string, column: string): Promise<string[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const rows = async (sql: string): Promise<unknown[][]> => (await conn.runAndReadAll(sql)).getRowsJS();
  try {
    const problems: string[] = [];
    const cols = (await rows(`DESCRIBE SELECT * FROM read_parquet(${quote(input)})`)).map((r) => ident(String(r[0])));
    const digest = async (path: string): Promise<string> => {
      const [r] = await rows(`SELECT count(*)::VARCHAR || ' rows, checksum ' || sum(hash(${cols.join(', ')}))::VARCHAR
        FROM (SELECT ${cols.join(', ')} FROM read_parquet(${quote(path)}))`);
      return String(r![0]);
    };
    const [want, got] = [await digest(input), await digest(output)];
    if (want !== got) problems.push(`not the input's rows: input ${want}, output ${got}`);
    const groups = await rows(`SELECT row_group_id, stats_min, stats_max, stats_null_count, row_group_num_rows
      FROM parquet_metadata(${quote(output)}) WHERE path_in_schema = ${quote(column)} ORDER BY row_group_id`);
    let previousMax: number | undefined;
    let sawNull = false;
    for (const [id, min, max, nulls, count] of groups) {
      const nullCount = Number(nulls);
      const allNull = nullCount === Number(count);
      if (!allNull && (min === null || max === null)) {
        problems.push(`row group ${id} has no min/max statistics for '${column}': its order cannot be checked`);
        break;
      }
      if (sawNull && !allNull) {
        problems.push(`row group ${id} has values after a row group with nulls (nulls must come last)`);
        break;
      }
      if (!allNull && previousMax !== undefined && Number(min) < previousMax) {
        problems.push(`row group ${id} starts at ${column} = ${min}, below the previous row group's maximum ${previousMax}`);
        break;
      }
      if (!allNull) previousMax = Number(max);
      if (nullCount > 0) sawNull = true;
    }
    if (groups.length === 0) problems.push(`no row group statistics for column '${column}' in ${output}`);
    return problems;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
