// evaluate and filterBatch against DuckDB: every operator and function over random data with
// nulls (NaN, zeros, unicode and empty strings, dictionary and plain strings, sliced batches).
// Each case pairs a checked expression tree with the DuckDB SQL of the same meaning under
// Spark's semantics (the engine's): where DuckDB differs (concat with a null, ln of a
// non-positive number, float -> int truncation) the SQL spells Spark's meaning out.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Expr } from '../logical/expr.ts';
import { colFromData } from './column.ts';
import { evaluate, filterBatch } from './eval-expr.ts';
import { between, bin, cast, caseWhen, col, fn, inList, isNull, lit, neg, not } from './expr-builders.ts';
import type { ColumnSpec, Value } from './batches.test-helper.ts';
import { batchOf, columnValues, randomValues, rng, rowsOf } from './batches.test-helper.ts';
import { diffRows, duckdb, loadTable, query } from './duckdb.test-helper.ts';

let conn: DuckDBConnection;
const r = rng(99);
const N = 1500;
const withNaN = randomValues('float64', N, r).map((v, i) => (i % 53 === 0 ? NaN : v));
const specs: ColumnSpec[] = [
  { name: 'i', type: 'int32', values: randomValues('int32', N, r, { distinct: 40 }) },
  { name: 'j', type: 'int32', values: randomValues('int32', N, r, { distinct: 9 }) },
  { name: 'l', type: 'int64', values: randomValues('int64', N, r, { distinct: 30 }) },
  { name: 'f', type: 'float64', values: randomValues('float64', N, r) },
  { name: 'g', type: 'float64', values: withNaN },
  { name: 's', type: 'string', values: randomValues('string', N, r, { distinct: 16 }) },
  { name: 'u', type: 'string', values: randomValues('string', N, r, { distinct: 16, nullRate: 0.15 }), dictionary: true },
  { name: 'b', type: 'bool', values: randomValues('bool', N, r) },
  { name: 'c', type: 'bool', values: randomValues('bool', N, r, { nullRate: 0.3 }) },
  { name: 'd', type: 'date', values: randomValues('date', N, r, { distinct: 4000 }) },
  { name: 'ts', type: 'timestamp', values: randomValues('timestamp', N, r, { distinct: 4000 }) },
];
const TYPES = Object.fromEntries(specs.map((s) => [s.name, s.type]));
const c = (name: string): Expr => col(name, TYPES[name]!);

/** The table in batches of uneven sizes, one of them a slice (non-zero Arrow offsets). */
function batches(): RecordBatch[] {
  const whole = batchOf(specs);
  return [whole.slice(0, 1), whole.slice(1, 700), whole.slice(700, 700), whole.slice(700, N)];
}

beforeAll(async () => { conn = await duckdb(); await loadTable(conn, 't', specs); });
afterAll(() => { conn.closeSync(); });

const gt = (a: Expr, b: Expr): Expr => bin('>', a, b, 'bool');
const cases: [string, Expr, string][] = [
  // arithmetic: int wraps are out of range here; division and modulo by zero give null.
  ['i + j', bin('+', c('i'), c('j'), 'int32'), 'i + j'],
  ['i - l', bin('-', c('i'), c('l'), 'int64'), 'i - l'],
  ['i * f', bin('*', c('i'), c('f'), 'float64'), 'i * f'],
  ['f / j', bin('/', c('f'), c('j'), 'float64'), 'CASE WHEN j = 0 THEN NULL ELSE f / j END'],
  ['i / j (float)', bin('/', c('i'), c('j'), 'float64'), 'CASE WHEN j = 0 THEN NULL ELSE i::DOUBLE / j END'],
  ['i % j', bin('%', c('i'), c('j'), 'int32'), 'CASE WHEN j = 0 THEN NULL ELSE i % j END'],
  ['l % 7', bin('%', c('l'), lit(7, 'int64'), 'int64'), 'l % 7'],
  ['-f', neg(c('f')), '-f'],
  ['-i', neg(c('i')), '-i'],
  ['d + j', bin('+', c('d'), c('j'), 'date'), 'd + j'],
  ['d - 3', bin('-', c('d'), lit(3, 'int32'), 'date'), 'd - 3'],
  // comparisons, NaN included (equal to itself, above every number, as DuckDB)
  ...(['=', '!=', '<', '<=', '>', '>='] as const).flatMap((op): [string, Expr, string][] => [
    [`g ${op} f`, bin(op, c('g'), c('f'), 'bool'), `g ${op === '!=' ? '<>' : op} f`],
    [`g ${op} 10`, bin(op, c('g'), lit(10, 'int32'), 'bool'), `g ${op === '!=' ? '<>' : op} 10`],
    [`i ${op} l`, bin(op, c('i'), c('l'), 'bool'), `i ${op === '!=' ? '<>' : op} l`],
    [`i ${op} j`, bin(op, c('i'), c('j'), 'bool'), `i ${op === '!=' ? '<>' : op} j`],
    [`i ${op} 3 (int literal)`, bin(op, c('i'), lit(3, 'int32'), 'bool'), `i ${op === '!=' ? '<>' : op} 3`],
    [`g ${op} 7.0 (float literal)`, bin(op, c('g'), lit(7, 'float64'), 'bool'), `g ${op === '!=' ? '<>' : op} 7.0`],
    [`2.5 ${op} g (literal first)`, bin(op, lit(2.5, 'float64'), c('g'), 'bool'), `2.5 ${op === '!=' ? '<>' : op} g`],
    [`s ${op} u`, bin(op, c('s'), c('u'), 'bool'), `s ${op === '!=' ? '<>' : op} u`],
    [`u ${op} 'b'`, bin(op, c('u'), lit('b', 'string'), 'bool'), `u ${op === '!=' ? '<>' : op} 'b'`],
    [`d ${op} ts`, bin(op, c('d'), c('ts'), 'bool'), `d::TIMESTAMP ${op === '!=' ? '<>' : op} ts`],
    [`b ${op} c`, bin(op, c('b'), c('c'), 'bool'), `b ${op === '!=' ? '<>' : op} c`],
  ]),
  // logic, null tests, in, between, case
  ['b and c', bin('and', c('b'), c('c'), 'bool'), 'b AND c'],
  ['b or c', bin('or', c('b'), c('c'), 'bool'), 'b OR c'],
  ['not c', not(c('c')), 'NOT c'],
  ['f > 0 and c', bin('and', gt(c('f'), lit(0, 'int32')), c('c'), 'bool'), 'f > 0 AND c'],
  ['u is null', isNull(c('u')), 'u IS NULL'],
  ['f is not null', isNull(c('f'), true), 'f IS NOT NULL'],
  ['i in (1, 2, null)', inList(c('i'), [lit(1, 'int32'), lit(2, 'int32'), lit(null, 'null')]), 'i IN (1, 2, NULL)'],
  ['s not in (a, é)', inList(c('s'), [lit('a', 'string'), lit('é', 'string')], true), "s NOT IN ('a', 'é')"],
  ['f between j and i', between(c('f'), c('j'), c('i')), 'f BETWEEN j AND i'],
  ['i not between 0 and 5', between(c('i'), lit(0, 'int32'), lit(5, 'int32'), true), 'i NOT BETWEEN 0 AND 5'],
  ['case', caseWhen([{ when: gt(c('i'), lit(3, 'int32')), then: c('s') }, { when: c('c'), then: c('u') }], lit('other', 'string'), 'string'),
    "CASE WHEN i > 3 THEN s WHEN c THEN u ELSE 'other' END"],
  ['case without else', caseWhen([{ when: gt(c('f'), lit(0, 'int32')), then: c('i') }], undefined, 'int32'), 'CASE WHEN f > 0 THEN i END'],
  // math
  ['abs(i)', fn('abs', [c('i')], 'int32'), 'abs(i)'],
  ['abs(f)', fn('abs', [c('f')], 'float64'), 'abs(f)'],
  ['round(f)', fn('round', [c('f')], 'float64'), 'round(f)'],
  ['round(f, 1)', fn('round', [c('f'), lit(1, 'int32')], 'float64'), 'round(f, 1)'],
  ['floor(f)', fn('floor', [c('f')], 'int64'), 'floor(f)::BIGINT'],
  ['ceil(f)', fn('ceil', [c('f')], 'int64'), 'ceil(f)::BIGINT'],
  ['sqrt(abs(f))', fn('sqrt', [fn('abs', [c('f')], 'float64')], 'float64'), 'sqrt(abs(f))'],
  ['exp(j)', fn('exp', [c('j')], 'float64'), 'exp(j)'],
  ['ln(f)', fn('ln', [c('f')], 'float64'), 'CASE WHEN f > 0 THEN ln(f) END'],
  ['log10(i)', fn('log10', [c('i')], 'float64'), 'CASE WHEN i > 0 THEN log10(i) END'],
  ['pow(f, 2)', fn('pow', [c('f'), lit(2, 'int32')], 'float64'), 'pow(f, 2)'],
  ['least(i, f, j)', fn('least', [c('i'), c('f'), c('j')], 'float64'), 'least(i, f, j)'],
  ['greatest(s, u)', fn('greatest', [c('s'), c('u')], 'string'), 'greatest(s, u)'],
  ['coalesce(u, s, x)', fn('coalesce', [c('u'), c('s'), lit('x', 'string')], 'string'), "coalesce(u, s, 'x')"],
  ['coalesce(f, i)', fn('coalesce', [c('f'), c('i')], 'float64'), 'coalesce(f, i)'],
  ['if(c, i, l)', fn('if', [c('c'), c('i'), c('l')], 'int64'), 'CASE WHEN c THEN i ELSE l END'],
  // strings
  ['lower(s)', fn('lower', [c('s')], 'string'), 'lower(s)'],
  ['upper(u)', fn('upper', [c('u')], 'string'), 'upper(u)'],
  ['length(s)', fn('length', [c('s')], 'int32'), 'length(s)'],
  ['trim(s)', fn('trim', [c('s')], 'string'), 'trim(s)'],
  ['substr(s, 2)', fn('substr', [c('s'), lit(2, 'int32')], 'string'), 'substr(s, 2)'],
  ['substr(u, 1, 2)', fn('substr', [c('u'), lit(1, 'int32'), lit(2, 'int32')], 'string'), 'substr(u, 1, 2)'],
  ['concat(s, -, u)', fn('concat', [c('s'), lit('-', 'string'), c('u')], 'string'), "s || '-' || u"],
  ['contains(s, b)', fn('contains', [c('s'), lit('b', 'string')], 'bool'), "contains(s, 'b')"],
  ['starts_with(u, a)', fn('starts_with', [c('u'), lit('a', 'string')], 'bool'), "starts_with(u, 'a')"],
  // dates and timestamps
  ['year(d)', fn('year', [c('d')], 'int32'), 'year(d)'],
  ['month(ts)', fn('month', [c('ts')], 'int32'), 'month(ts)'],
  ['day(d)', fn('day', [c('d')], 'int32'), 'day(d)'],
  ['hour(ts)', fn('hour', [c('ts')], 'int32'), 'hour(ts)'],
  // casts
  ['cast(f as int32)', cast(c('f'), 'int32'), 'trunc(f)::INTEGER'],
  ['cast(i as float64)', cast(c('i'), 'float64'), 'i::DOUBLE'],
  ['cast(l as int32)', cast(c('l'), 'int32'), 'l::INTEGER'],
  ['cast(i as string)', cast(c('i'), 'string'), 'i::VARCHAR'],
  ['cast(d as string)', cast(c('d'), 'string'), 'd::VARCHAR'],
  ['cast(b as int32)', cast(c('b'), 'int32'), 'b::INTEGER'],
  ['cast(ts as date)', cast(c('ts'), 'date'), 'ts::DATE'],
  ['cast(d as timestamp)', cast(c('d'), 'timestamp'), 'd::TIMESTAMP'],
  ['cast(cast(i as string) as int32)', cast(cast(c('i'), 'string'), 'int32'), 'i'],
];

async function duckColumn(sql: string): Promise<Value[][]> {
  return query(conn, `SELECT ${sql} FROM t ORDER BY rowid`);
}

describe('evaluate vs DuckDB', () => {
  for (const [label, expr, sql] of cases) {
    it(label, async () => {
      const ours = batches().flatMap((b) => columnValues(colFromData(evaluate(expr, b).data[0]!)).map((v) => [v]));
      expect(diffRows(ours, await duckColumn(sql), true)).toBeNull();
    });
  }
});

describe('filterBatch vs DuckDB', () => {
  const conditions: [string, Expr, string][] = [
    // The selection fast path: column op number, either order, NaN, nulls, and of such.
    ...(['=', '!=', '<', '<=', '>', '>='] as const).flatMap((op): [string, Expr, string][] => [
      [`g ${op} 10`, bin(op, c('g'), lit(10, 'float64'), 'bool'), `g ${op === '!=' ? '<>' : op} 10`],
      [`f ${op} -0.5`, bin(op, c('f'), lit(-0.5, 'float64'), 'bool'), `f ${op === '!=' ? '<>' : op} -0.5`],
      [`3 ${op} i`, bin(op, lit(3, 'int32'), c('i'), 'bool'), `3 ${op === '!=' ? '<>' : op} i`],
    ]),
    ['f > 0 and i <= 5', bin('and', gt(c('f'), lit(0, 'int32')), bin('<=', c('i'), lit(5, 'int32'), 'bool'), 'bool'), 'f > 0 AND i <= 5'],
    ['d >= 18010 (date vs int)', bin('>=', c('d'), lit(18010, 'int32'), 'bool'), "d >= DATE '1970-01-01' + 18010"],
    // The general path.
    ['u = b or c', bin('or', bin('=', c('u'), lit('b', 'string'), 'bool'), c('c'), 'bool'), "u = 'b' OR c"],
    ['i > j', gt(c('i'), c('j')), 'i > j'],
    ['c', c('c'), 'c'],
  ];
  const names = specs.map((s) => s.name).join(', ');
  for (const [label, cond, sql] of conditions) {
    it(label, async () => {
      const ours = batches().flatMap((b) => rowsOf(filterBatch(b, cond)));
      expect(diffRows(ours, await query(conn, `SELECT ${names} FROM t WHERE ${sql} ORDER BY rowid`), true)).toBeNull();
    });
  }
});
