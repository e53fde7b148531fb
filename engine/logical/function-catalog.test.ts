// The claims docs/pipeline-format.md makes (from function-catalog.ts) about our results and where
// DuckDB differs, checked on both: our evaluator over a one-row batch, DuckDB on the same input.
// A kernel change that breaks a documented behaviour, or a DuckDB upgrade that changes one, fails here.

import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseExpr } from './parse-expr.ts';
import { checkExpr } from './check-expr.ts';
import { evaluate } from '../compute/eval-expr.ts';
import { batchOf } from '../compute/batches.test-helper.ts';
import type { Schema } from '../types.ts';

const batch = batchOf([{ name: 'one', type: 'int32', values: [1] }, { name: 'nan', type: 'float64', values: [NaN] }]);
const schema: Schema = { fields: [{ name: 'one', type: 'int32', nullable: false }, { name: 'nan', type: 'float64', nullable: false }] };
const duck = await (await DuckDBInstance.create(':memory:')).connect();
afterAll(() => duck.closeSync());

/** Our value of `text`: 'NULL', or the value as text (NaN, Infinity, bigints without n). */
function ours(text: string): string {
  const checked = checkExpr(parseExpr(text), schema, { nodeId: 'n', kind: 'transform.derive', param: 'expr' });
  if (!checked.expr) throw new Error(checked.issues.map((i) => i.message).join('; '));
  const v = evaluate(checked.expr, batch);
  return v.nullCount > 0 ? 'NULL' : String(v.get(0));
}

/** DuckDB's value of `sql`, the same way, or 'ERROR' when it raises one. */
async function duckdb(sql: string): Promise<string> {
  try {
    const v = (await duck.runAndReadAll(`SELECT ${sql}`)).getRowsJS()[0]![0];
    return v === null ? 'NULL' : String(v);
  } catch {
    return 'ERROR';
  }
}

// [our expression, our result, DuckDB's SQL, DuckDB's result]
const DIFFERENCES: readonly [string, string, string, string][] = [
  ['abs(-2147483647 - one)', '-2147483648', 'abs(-2147483648::INTEGER)', 'ERROR'],
  ['floor(nan)', '0', "floor('nan'::DOUBLE)", 'NaN'],
  ['sqrt(-1)', 'NaN', 'sqrt(-1)', 'ERROR'],
  ['ln(0)', 'NULL', 'ln(0)', 'ERROR'],
  ['log10(-1)', 'NULL', 'log10(-1)', 'ERROR'],
  ["upper('straße')", 'STRASSE', "upper('straße')", 'STRAẞE'],
  ["substr('hello', 0, 2)", 'he', "substr('hello', 0, 2)", 'h'],
  ["concat('a', null)", 'NULL', "concat('a', NULL)", 'a'],
  ['2147483647 + one', '-2147483648', '2147483647::INTEGER + 1::INTEGER', 'ERROR'],
  ['1 / 0', 'NULL', '1 / 0', 'Infinity'],
  ['cast(2.7 as int32)', '2', 'cast(2.7 AS INTEGER)', '3'],
  ["cast('abc' as int32)", 'NULL', "cast('abc' AS INTEGER)", 'ERROR'],
  ['cast(1e20 as int32)', '2147483647', 'cast(1e20 AS INTEGER)', 'ERROR'],
  ['cast(1e7 as string)', '1.0E7', 'cast(1e7 AS VARCHAR)', '10000000.0'],
];

// Where the reference says we agree with DuckDB: [our expression, DuckDB's SQL, the result].
const SAME: readonly [string, string, string][] = [
  ['round(2.675, 2)', 'round(2.675, 2)', '2.68'],
  ['round(-2.5)', 'round(-2.5)', '-3'],
  ['5 % 0', '5 % 0', 'NULL'],
  ['-7 % 3', '-7 % 3', '-1'],
  ['7 / 2', '7 / 2', '3.5'],
  ['pow(0, -1)', 'pow(0, -1)', 'Infinity'],
  ['nan = nan', "'nan'::DOUBLE = 'nan'::DOUBLE", 'true'],
  ['nan > 1', "'nan'::DOUBLE > 1", 'true'],
  ["'B' < 'a'", "'B' < 'a'", 'true'],
  ['1 in (2, null)', '1 IN (2, NULL)', 'NULL'],
  ['null and false', 'NULL AND false', 'false'],
  ['least(1, null)', 'least(1, NULL)', '1'],
  ["length('héllo')", "length('héllo')", '5'],
  ["substr('hello', -3)", "substr('hello', -3)", 'llo'],
  ["cast('nan' as float64)", "cast('nan' AS DOUBLE)", 'NaN'],
];

describe('the documented expression semantics', () => {
  it.each(DIFFERENCES)('%s is %s here; DuckDB: %s is %s', async (expr, mine, sql, theirs) => {
    expect(ours(expr)).toBe(mine);
    expect(await duckdb(sql)).toBe(theirs);
  });

  it.each(SAME)('%s agrees with DuckDB (%s): %s', async (expr, sql, value) => {
    expect(ours(expr)).toBe(value);
    expect(await duckdb(sql)).toBe(value);
  });

  it('NaN: ln gives NaN (as Spark), comparisons put it above every number, casts to an integer give 0', () => {
    expect(ours('ln(nan)')).toBe('NaN');
    expect(ours('greatest(nan, 1)')).toBe('NaN');
    expect(ours('least(nan, 1)')).toBe('1');
    expect(ours('nan between 0 and 1')).toBe('false');
    expect(ours('cast(nan as int64)')).toBe('0');
    expect(ours('coalesce(nan, 0)')).toBe('NaN');
    expect(ours('nan is null')).toBe('false');
  });
});
