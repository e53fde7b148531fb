// Every math function and arithmetic operator over NaN, +/-infinity, -0.0, 0.0 and ordinary
// values, against Spark's answers (Spark 4.3.0, spark.sql.ansi.enabled=false, the semantics the
// engine follows; test/spark/math_semantics.py prints them), and against DuckDB where DuckDB gives
// the same answers (docs/expression-semantics.md lists where it does not, and what we follow).
// Zeros are compared with their sign: Spark keeps -0.0 from sqrt, negation and products, and
// gives +0.0 from round.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parseExpr } from '../logical/parse-expr.ts';
import { checkExpr } from '../logical/check-expr.ts';
import type { Expr } from '../logical/expr.ts';
import type { Schema } from '../types.ts';
import { evaluateCol } from './eval-expr.ts';
import { batchOf, columnValues, type Value } from './batches.test-helper.ts';
import { duckdb, loadTable, query } from './duckdb.test-helper.ts';

const INF = Infinity;
/** The inputs, in the order of every row of SPARK below. */
const INPUTS = [NaN, INF, -INF, -0, 0, 1, -1, 2.5, -2.5, 0.5, -0.4, 1e308];
const SCHEMA = { fields: [{ name: 'x', type: 'float64' as const, nullable: true }] };
const batch = batchOf([{ name: 'x', type: 'float64', values: INPUTS }]);

/** The typed tree of `text` over `input`, as the compiler would hand it to the evaluator. */
function expr(text: string, input: Schema): Expr {
  const { expr: checked, issues } = checkExpr(parseExpr(text), input, { nodeId: 'test', kind: 'test', param: 'expr' });
  if (!checked || issues.length > 0) throw new Error(issues.map((i) => i.message).join('; '));
  return checked;
}

type Want = number | bigint | string | boolean | null;

/** Spark's result of each expression for each input (int64 extremes as bigint). */
const SPARK: [string, Want[]][] = [
  ['abs(x)', [NaN, INF, INF, 0, 0, 1, 1, 2.5, 2.5, 0.5, 0.4, 1e308]],
  ['round(x)', [NaN, INF, -INF, 0, 0, 1, -1, 3, -3, 1, 0, 1e308]],
  ['round(x, 1)', [NaN, INF, -INF, 0, 0, 1, -1, 2.5, -2.5, 0.5, -0.4, 1e308]],
  ['round(x, -1)', [NaN, INF, -INF, 0, 0, 0, 0, 0, 0, 0, 0, 1e308]],
  ['floor(x)', [0, 9223372036854775807n, -9223372036854775808n, 0, 0, 1, -1, 2, -3, 0, -1, 9223372036854775807n]],
  ['ceil(x)', [0, 9223372036854775807n, -9223372036854775808n, 0, 0, 1, -1, 3, -2, 1, 0, 9223372036854775807n]],
  ['sqrt(x)', [NaN, INF, NaN, -0, 0, 1, NaN, 1.5811388300841898, NaN, 0.7071067811865476, NaN, 1e154]],
  ['exp(x)', [NaN, INF, 0, 1, 1, 2.7182818284590455, 0.36787944117144233, 12.182493960703473, 0.0820849986238988, 1.6487212707001282, 0.6703200460356393, INF]],
  ['ln(x)', [NaN, INF, null, null, null, 0, null, 0.9162907318741551, null, -0.6931471805599453, null, 709.1962086421661]],
  ['log10(x)', [NaN, INF, null, null, null, 0, null, 0.3979400086720376, null, -0.3010299956639812, null, 308]],
  ['-x', [NaN, -INF, INF, 0, -0, -1, 1, -2.5, 2.5, -0.5, 0.4, -1e308]],
  ['x + 1', [NaN, INF, -INF, 1, 1, 2, 0, 3.5, -1.5, 1.5, 0.6, 1e308]],
  ['x - x', [NaN, NaN, NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
  ['x * 0', [NaN, NaN, NaN, -0, 0, 0, -0, 0, -0, 0, -0, 0]],
  ['x * -1', [NaN, -INF, INF, 0, -0, -1, 1, -2.5, 2.5, -0.5, 0.4, -1e308]],
  ['x / 0', [null, null, null, null, null, null, null, null, null, null, null, null]],
  ['x / -0.0', [null, null, null, null, null, null, null, null, null, null, null, null]],
  ['1 / x', [NaN, 0, -0, null, null, 1, -1, 0.4, -0.4, 2, -2.5, 1e-308]],
  ['x / x', [NaN, NaN, NaN, null, null, 1, 1, 1, 1, 1, 1, 1]],
  ['x % 2', [NaN, NaN, NaN, -0, 0, 1, -1, 0.5, -0.5, 0.5, -0.4, 0]],
  ['x % 0', [null, null, null, null, null, null, null, null, null, null, null, null]],
  ['5 % x', [NaN, 5, 5, null, null, 0, 0, 0, 0, 0, 0.19999999999999973, 5]],
  ['x % x', [NaN, NaN, NaN, null, null, 0, -0, 0, -0, 0, -0, 0]],
  ['pow(x, 0)', [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]],
  ['pow(1, x)', [NaN, NaN, NaN, 1, 1, 1, 1, 1, 1, 1, 1, 1]],
  ['pow(x, 2)', [NaN, INF, INF, 0, 0, 1, 1, 6.25, 6.25, 0.25, 0.16000000000000003, INF]],
  ['pow(x, 0.5)', [NaN, INF, INF, 0, 0, 1, NaN, 1.5811388300841898, NaN, 0.7071067811865476, NaN, 1e154]],
  ['pow(x, -1)', [NaN, 0, -0, -INF, INF, 1, -1, 0.4, -0.4, 2, -2.5, 1e-308]],
  ['pow(-8, x)', [NaN, INF, 0, 1, 1, -8, -0.125, NaN, NaN, NaN, NaN, INF]],
  ['pow(0, x)', [NaN, 0, INF, 1, 1, 0, INF, 0, INF, 0, INF, 0]],
  ['least(x, 1)', [1, 1, -INF, -0, 0, 1, -1, 1, -2.5, 0.5, -0.4, 1]],
  ['greatest(x, 1)', [NaN, INF, 1, 1, 1, 1, 1, 2.5, 1, 1, 1, 1e308]],
  ['least(x, cast(null as float64))', [NaN, INF, -INF, -0, 0, 1, -1, 2.5, -2.5, 0.5, -0.4, 1e308]],
  ["greatest(x, cast('NaN' as float64))", [NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN]],
  ['cast(x as int32)', [0, 2147483647, -2147483648, 0, 0, 1, -1, 2, -2, 0, 0, 2147483647]],
  ['cast(x as int64)', [0, 9223372036854775807n, -9223372036854775808n, 0, 0, 1, -1, 2, -2, 0, 0, 9223372036854775807n]],
  ['cast(x as string)', ['NaN', 'Infinity', '-Infinity', '-0.0', '0.0', '1.0', '-1.0', '2.5', '-2.5', '0.5', '-0.4', '1.0E308']],
  ['x = x', [true, true, true, true, true, true, true, true, true, true, true, true]],
  ['x = 0', [false, false, false, true, true, false, false, false, false, false, false, false]],
  ['x > 1', [true, true, false, false, false, false, false, true, false, false, false, true]],
  ['x < 1', [false, false, true, true, true, false, true, false, true, true, true, false]],
];

/** Spark's round() at the edges of the doubles (literal inputs). */
const SPARK_ROUND: [string, Want][] = [
  ['round(1.5, 400)', 1.5], ['round(123.0, -400)', 0], ['round(1e308, 1)', 1e308], ['round(1e308, -1)', 1e308],
  ['round(-1e308, 2)', -1e308], ['round(-0.5)', -1], ['round(0.5)', 1], ['round(1.7976931348623157e308, -300)', 1.79769313e308],
  ['round(2.675, 2)', 2.68], ['round(-2.675, 2)', -2.68], ['round(1e-320, 3)', 0], ['round(-1e-320, 400)', -1e-320],
  ['round(4.5e15, 0)', 4.5e15], ['round(4503599627370497.0, -1)', 4503599627370500], ["round(cast('NaN' as float64), -400)", NaN],
  ['round(-0.0, 400)', 0], ['round(-0.04, 1)', 0], ['round(15, -1)', 20], ['round(-15, -1)', -20],
  // An int rounded past its range wraps, as Spark's integer arithmetic does.
  ['round(2147483647, -1)', -2147483646],
];

/** Equal as Spark prints them: zeros by sign, other numbers exactly but for the last bit of a
 *  transcendental function (Java's StrictMath and V8 may round its last bit differently). */
function same(got: Value | number[], want: Want): boolean {
  if (typeof want === 'bigint') return got === want;
  if (typeof got === 'bigint') return typeof want === 'number' && got === BigInt(want);
  if (typeof got === 'number' && typeof want === 'number') {
    if (Object.is(got, want)) return true;
    return want !== 0 && Number.isFinite(want) && Math.abs(got - want) <= 4e-16 * Math.abs(want);
  }
  return got === want;
}

const show = (v: unknown): string => (typeof v === 'bigint' ? `${v}n` : Object.is(v, -0) ? '-0' : String(v));

describe("math over NaN, infinities and signed zeros: Spark's answers", () => {
  it.each(SPARK)('%s', (text, want) => {
    const got = columnValues(evaluateCol(expr(text, SCHEMA), batch));
    const wrong = INPUTS.map((x, i) => [x, got[i], want[i]] as const).filter(([, g, w]) => !same(g!, w!));
    expect(wrong.map(([x, g, w]) => `x = ${show(x)}: got ${show(g)}, Spark ${show(w)}`)).toEqual([]);
  });

  it.each(SPARK_ROUND)('%s', (text, want) => {
    const got = columnValues(evaluateCol(expr(text, SCHEMA), batchOf([{ name: 'x', type: 'float64', values: [0] }])))[0];
    expect(same(got!, want), `got ${show(got)}, Spark ${show(want)}`).toBe(true);
  });
});

/** Where DuckDB gives Spark's answer (signed zeros aside), in DuckDB's SQL. */
const DUCKDB_AGREES: [string, string][] = [
  ['abs(x)', 'abs(x)'], ['round(x)', 'round(x)'], ['round(x, 1)', 'round(x, 1)'], ['exp(x)', 'exp(x)'],
  ['sqrt(x)', 'CASE WHEN x >= 0 OR isnan(x) THEN sqrt(x) ELSE \'NaN\'::DOUBLE END'],
  ['ln(x)', 'CASE WHEN x > 0 OR isnan(x) THEN ln(x) END'], ['log10(x)', 'CASE WHEN x > 0 OR isnan(x) THEN log10(x) END'],
  ['-x', '-x'], ['x + 1', 'x + 1'], ['x - x', 'x - x'], ['x * 0', 'x * 0'], ['x * -1', 'x * -1'], ['x % 2', 'x % 2'],
  ['1 / x', 'CASE WHEN x = 0 THEN NULL ELSE 1 / x END'], ['5 % x', 'CASE WHEN x = 0 THEN NULL ELSE 5 % x END'],
  ['pow(x, 0)', 'pow(x, 0)'], ['pow(x, 2)', 'pow(x, 2)'], ['pow(x, 0.5)', 'pow(x, 0.5)'], ['pow(x, -1)', 'pow(x, -1)'],
  ['pow(-8, x)', 'pow(-8, x)'], ['pow(0, x)', 'pow(0, x)'],
  ['least(x, 1)', 'least(x, 1)'], ['greatest(x, 1)', 'greatest(x, 1)'],
  ['x = x', 'x = x'], ['x = 0', 'x = 0'], ['x > 1', 'x > 1'], ['x < 1', 'x < 1'],
];

describe('math over NaN, infinities and signed zeros: DuckDB where it agrees with Spark', () => {
  let conn: DuckDBConnection;
  beforeAll(async () => {
    conn = await duckdb();
    await loadTable(conn, 't', [{ name: 'i', type: 'int32', values: INPUTS.map((_, i) => i) }, { name: 'x', type: 'float64', values: INPUTS }]);
  });
  afterAll(() => conn.closeSync());

  it.each(DUCKDB_AGREES)('%s', async (text, sql) => {
    const theirs = (await query(conn, `SELECT ${sql} FROM t ORDER BY i`)).map((r) => r[0]!);
    const ours = columnValues(evaluateCol(expr(text, SCHEMA), batch));
    // Zeros compare equal whatever their sign here: DuckDB's round keeps -0.0, Spark's does not.
    const equal = (a: unknown, b: unknown) => a === b || (typeof a === 'number' && typeof b === 'number' && (Object.is(a, b) || Math.abs(a - b) <= 4e-16 * Math.abs(b)));
    const wrong = INPUTS.map((x, i) => [x, ours[i], theirs[i]] as const).filter(([, a, b]) => !equal(a, b));
    expect(wrong.map(([x, a, b]) => `x = ${show(x)}: ours ${show(a)}, DuckDB ${show(b)}`)).toEqual([]);
  });
});
