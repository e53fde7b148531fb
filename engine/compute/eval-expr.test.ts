import { describe, expect, it } from 'vitest';
import { colFromData } from './column.ts';
import { evaluate, filterBatch, projectBatch } from './eval-expr.ts';
import { batchOf, columnValues, rowsOf } from './batches.test-helper.ts';
import { between, bin, cast, caseWhen, col, fn, inList, isNull, lit, neg, not } from './expr-builders.ts';
import type { Expr } from '../logical/expr.ts';

const batch = batchOf([
  { name: 'i', type: 'int32', values: [1, -2, null, 7, 0] },
  { name: 'f', type: 'float64', values: [1.5, null, -2.25, 10, 0] },
  { name: 's', type: 'string', values: ['abc', 'Été', null, '', 'b'] },
  { name: 'u', type: 'string', values: ['x', 'y', 'x', null, 'y'], dictionary: true },
  { name: 'b', type: 'bool', values: [true, false, null, true, null] },
  { name: 'd', type: 'date', values: [0, 19723, null, -1, 59] },
  { name: 'ts', type: 'timestamp', values: [0n, 1704067200123456n, null, -1n, 3600_000_000n * 25n] },
]);

const values = (e: Expr): unknown[] => columnValues(colFromData(evaluate(e, batch).data[0]!));

describe('evaluate', () => {
  it('arithmetic with nulls, widening, division by zero', () => {
    expect(values(bin('+', col('i', 'int32'), lit(1, 'int32'), 'int32'))).toEqual([2, -1, null, 8, 1]);
    expect(values(bin('*', col('i', 'int32'), col('f', 'float64'), 'float64'))).toEqual([1.5, null, null, 70, 0]);
    expect(values(bin('/', col('f', 'float64'), col('i', 'int32'), 'float64'))).toEqual([1.5, null, null, 10 / 7, null]);
    expect(values(bin('%', col('i', 'int32'), lit(2, 'int32'), 'int32'))).toEqual([1, 0, null, 1, 0]);
    expect(values(bin('%', col('i', 'int32'), col('i', 'int32'), 'int32'))).toEqual([0, 0, null, 0, null]);
    expect(values(bin('+', col('i', 'int32'), lit(5n, 'int64'), 'int64'))).toEqual([6n, 3n, null, 12n, 5n]);
    expect(values(neg(col('f', 'float64')))).toEqual([-1.5, null, 2.25, -10, -0]);
  });

  it('three-valued logic', () => {
    const pos = bin('>', col('i', 'int32'), lit(0, 'int32'), 'bool');
    expect(values(bin('and', pos, col('b', 'bool'), 'bool'))).toEqual([true, false, null, true, false]);
    expect(values(bin('or', pos, col('b', 'bool'), 'bool'))).toEqual([true, false, null, true, null]);
    expect(values(not(col('b', 'bool')))).toEqual([false, true, null, false, null]);
    expect(values(isNull(col('b', 'bool')))).toEqual([false, false, true, false, true]);
    expect(values(inList(col('i', 'int32'), [lit(1, 'int32'), lit(null, 'null')]))).toEqual([true, null, null, null, null]);
    expect(values(inList(col('i', 'int32'), [lit(1, 'int32'), lit(7, 'int32')], true))).toEqual([false, true, null, false, true]);
    expect(values(between(col('f', 'float64'), lit(0, 'int32'), lit(2, 'int32')))).toEqual([true, null, false, false, true]);
  });

  it('strings compare by UTF-8 bytes, on dictionaries too', () => {
    expect(values(bin('<', col('s', 'string'), lit('b', 'string'), 'bool'))).toEqual([true, false, null, true, false]);
    expect(values(bin('=', col('u', 'string'), lit('y', 'string'), 'bool'))).toEqual([false, true, false, null, true]);
    expect(values(bin('=', lit('y', 'string'), col('u', 'string'), 'bool'))).toEqual([false, true, false, null, true]);
    expect(values(bin('>=', col('s', 'string'), col('u', 'string'), 'bool'))).toEqual([false, true, null, null, false]); // 'É' is 0xC3.. > 'y' 0x79
  });

  it('string functions', () => {
    expect(values(fn('upper', [col('s', 'string')], 'string'))).toEqual(['ABC', 'ÉTÉ', null, '', 'B']);
    expect(values(fn('lower', [col('u', 'string')], 'string'))).toEqual(['x', 'y', 'x', null, 'y']);
    expect(values(fn('length', [col('s', 'string')], 'int32'))).toEqual([3, 3, null, 0, 1]);
    expect(values(fn('substr', [col('s', 'string'), lit(2, 'int32'), lit(2, 'int32')], 'string'))).toEqual(['bc', 'té', null, '', '']);
    expect(values(fn('substr', [col('s', 'string'), lit(-2, 'int32')], 'string'))).toEqual(['bc', 'té', null, '', 'b']);
    expect(values(fn('concat', [col('s', 'string'), lit('-', 'string'), col('u', 'string')], 'string'))).toEqual(['abc-x', 'Été-y', null, null, 'b-y']);
    expect(values(fn('contains', [col('s', 'string'), lit('t', 'string')], 'bool'))).toEqual([false, true, null, false, false]);
    expect(values(fn('starts_with', [col('s', 'string'), lit('', 'string')], 'bool'))).toEqual([true, true, null, true, true]);
    expect(values(fn('trim', [lit('  a b ', 'string')], 'string'))).toEqual(['a b', 'a b', 'a b', 'a b', 'a b']);
  });

  it('math and conditionals', () => {
    expect(values(fn('round', [lit(2.5, 'float64')], 'float64'))[0]).toBe(3);
    expect(values(fn('round', [lit(-2.5, 'float64')], 'float64'))[0]).toBe(-3);
    expect(values(fn('round', [lit(2.675, 'float64'), lit(2, 'int32')], 'float64'))[0]).toBe(2.68);
    expect(values(fn('floor', [col('f', 'float64')], 'int64'))).toEqual([1n, null, -3n, 10n, 0n]);
    expect(values(fn('ln', [col('f', 'float64')], 'float64'))).toEqual([Math.log(1.5), null, null, Math.log(10), null]);
    expect(values(fn('coalesce', [col('f', 'float64'), col('i', 'int32'), lit(9, 'int32')], 'float64'))).toEqual([1.5, -2, -2.25, 10, 0]);
    expect(values(fn('least', [col('i', 'int32'), col('f', 'float64')], 'float64'))).toEqual([1, -2, -2.25, 7, 0]);
    expect(values(fn('greatest', [col('i', 'int32'), col('f', 'float64')], 'float64'))).toEqual([1.5, -2, -2.25, 10, 0]);
    expect(values(fn('if', [col('b', 'bool'), col('s', 'string'), col('u', 'string')], 'string'))).toEqual(['abc', 'y', 'x', '', 'y']);
    const c = caseWhen([{ when: bin('>', col('i', 'int32'), lit(0, 'int32'), 'bool'), then: lit('pos', 'string') },
      { when: isNull(col('i', 'int32')), then: lit('none', 'string') }], undefined, 'string');
    expect(values(c)).toEqual(['pos', null, 'none', 'pos', null]);
  });

  it('dates, timestamps and casts', () => {
    expect(values(fn('year', [col('d', 'date')], 'int32'))).toEqual([1970, 2024, null, 1969, 1970]);
    expect(values(fn('month', [col('d', 'date')], 'int32'))).toEqual([1, 1, null, 12, 3]);
    expect(values(fn('day', [col('d', 'date')], 'int32'))).toEqual([1, 1, null, 31, 1]);
    expect(values(fn('hour', [col('ts', 'timestamp')], 'int32'))).toEqual([0, 0, null, 23, 1]);
    expect(values(cast(col('d', 'date'), 'string'))).toEqual(['1970-01-01', '2024-01-01', null, '1969-12-31', '1970-03-01']);
    expect(values(cast(col('ts', 'timestamp'), 'string'))).toEqual(['1970-01-01 00:00:00', '2024-01-01 00:00:00.123456', null, '1969-12-31 23:59:59.999999', '1970-01-02 01:00:00']);
    expect(values(cast(col('f', 'float64'), 'int32'))).toEqual([1, null, -2, 10, 0]);
    expect(values(cast(col('f', 'float64'), 'string'))).toEqual(['1.5', null, '-2.25', '10.0', '0.0']);
    expect(values(cast(lit(' 42 ', 'string'), 'int32'))[0]).toBe(42);
    expect(values(cast(lit('4x', 'string'), 'int32'))[0]).toBe(null);
    expect(values(cast(lit('2024-02-30', 'string'), 'date'))[0]).toBe(null);
    expect(values(cast(lit('2024-02-29', 'string'), 'date'))[0]).toBe(19782);
    expect(values(bin('>', col('d', 'date'), lit('2000-01-01', 'string'), 'bool'))).toEqual([false, true, null, false, false]);
  });
});

describe('filterBatch / projectBatch', () => {
  it('keeps rows where the condition is true, gathering every column type', () => {
    const out = filterBatch(batch, bin('>=', col('i', 'int32'), lit(0, 'int32'), 'bool'));
    expect(rowsOf(out)).toEqual([
      [1, 1.5, 'abc', 'x', true, 0, 0n],
      [7, 10, '', null, true, -1, -1n],
      [0, 0, 'b', 'y', null, 59, 90000000000n],
    ]);
    expect(filterBatch(batch, lit(true, 'bool'))).toBe(batch);
    expect(filterBatch(batch, lit(null, 'null')).numRows).toBe(0);
  });

  it('projects computed and passed-through columns', () => {
    const out = projectBatch(batch, [
      { name: 'u2', expr: col('u', 'string') },
      { name: 'k', expr: bin('*', col('i', 'int32'), lit(2, 'int32'), 'int32') },
    ], { fields: [{ name: 'u2', type: 'string', nullable: true }, { name: 'k', type: 'int32', nullable: true }] });
    expect(out.schema.fields.map((f) => f.name)).toEqual(['u2', 'k']);
    expect(out.data.children[0]).toBe(batch.data.children[3]);
    expect(rowsOf(out).map((r) => r[1])).toEqual([2, -4, null, 14, 0]);
  });
});
