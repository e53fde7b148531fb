import { describe, expect, it } from 'vitest';
import { formatExpr } from './format-expr.ts';
import { parseExpr } from './parse-expr.ts';
import type { Expr } from './expr.ts';
import { and, bin, call, col, isNull, lit, neg, not, or } from '../optimizer/plans.test-helper.ts';

const a = col('a', 'int32'), b = col('b', 'int32'), c = col('c', 'int32');
const p = col('p', 'bool'), q = col('q', 'bool'), r = col('r', 'bool');

describe('formatExpr', () => {
  it('prints literals: strings quoted with doubled quotes, null, booleans, numbers', () => {
    expect(formatExpr(lit("it's"))).toBe("'it''s'");
    expect(formatExpr(lit(null))).toBe('null');
    expect(formatExpr(lit(true))).toBe('true');
    expect(formatExpr(lit(2.5))).toBe('2.5');
    expect(formatExpr(lit(10, 'float64'))).toBe('10.0');
    expect(formatExpr(lit(10, 'int64'))).toBe('10');
    expect(formatExpr(lit(12345678901234567890n))).toBe('12345678901234567890');
  });

  it('quotes column names that are not plain identifiers or are keywords', () => {
    expect(formatExpr(col('amount', 'float64'))).toBe('amount');
    expect(formatExpr(col('unit price', 'float64'))).toBe('"unit price"');
    expect(formatExpr(col('say "hi"', 'string'))).toBe('"say ""hi"""');
    expect(formatExpr(col('end', 'int32'))).toBe('"end"');
    expect(formatExpr(col('2x', 'int32'))).toBe('"2x"');
  });

  it('uses parentheses only where precedence or associativity needs them', () => {
    expect(formatExpr(bin('+', a, bin('*', b, c)))).toBe('a + b * c');
    expect(formatExpr(bin('*', bin('+', a, b), c))).toBe('(a + b) * c');
    expect(formatExpr(bin('-', bin('-', a, b), c))).toBe('a - b - c');
    expect(formatExpr(bin('-', a, bin('-', b, c)))).toBe('a - (b - c)');
    expect(formatExpr(bin('+', a, bin('+', b, c)))).toBe('a + (b + c)');
    expect(formatExpr(or(and(p, q), r))).toBe('p and q or r');
    expect(formatExpr(and(or(p, q), r))).toBe('(p or q) and r');
    expect(formatExpr(and(bin('>', a, lit(1)), bin('=', b, c)))).toBe('a > 1 and b = c');
    expect(formatExpr(bin('=', bin('>', a, b), p))).toBe('(a > b) = p');
  });

  it('prints not, negation, is null, in, between, case, calls and casts', () => {
    expect(formatExpr(not(bin('=', a, b)))).toBe('not a = b');
    expect(formatExpr(not(and(p, q)))).toBe('not (p and q)');
    expect(formatExpr(and(not(p), q))).toBe('not p and q');
    expect(formatExpr(not(not(p)))).toBe('not not p');
    expect(formatExpr(neg(bin('+', a, b)))).toBe('-(a + b)');
    expect(formatExpr(neg(neg(a)))).toBe('-(-a)');
    expect(formatExpr(bin('-', a, lit(-1)))).toBe('a - -1');
    expect(formatExpr(isNull(bin('+', a, b), true))).toBe('a + b is not null');
    const inList: Expr = { kind: 'in', operand: a, list: [lit(1), lit(2)], negated: true, type: 'bool' };
    expect(formatExpr(inList)).toBe('a not in (1, 2)');
    const between: Expr = { kind: 'between', operand: a, low: lit(1), high: bin('+', b, lit(1)), negated: false, type: 'bool' };
    expect(formatExpr(and(between, p))).toBe('a between 1 and b + 1 and p');
    const kase: Expr = {
      kind: 'case', whens: [{ when: bin('>', a, lit(0)), then: lit('pos') }], otherwise: lit('neg'), type: 'string',
    };
    expect(formatExpr(kase)).toBe("case when a > 0 then 'pos' else 'neg' end");
    expect(formatExpr(call('coalesce', 'int32', a, lit(0)))).toBe('coalesce(a, 0)');
    expect(formatExpr({ kind: 'cast', operand: a, to: 'float64', type: 'float64' })).toBe('cast(a as float64)');
    expect(formatExpr(bin('=', isNull(a), p))).toBe('(a is null) = p');
  });
});

/** The tree without spans (types stay: the parser types float literals). */
const noSpans = (e: Expr): unknown => JSON.parse(JSON.stringify(e, (k, v: unknown) => (k === 'span' ? undefined
  : typeof v === 'bigint' ? `${v}n` : v)));

describe('formatExpr round-trips through parseExpr', () => {
  const texts = [
    'amount > 10 and country != \'ZZ\'',
    'a + b * c - (d - e) / f % 2',
    '(a + b) * c',
    'not (p and q) or r and not s',
    'not a = b',
    '-(-a) + -b * -(c + 1)',
    'x is not null and y is null',
    '(a is null) = p',
    'a not in (1, 2, 3) or b in (\'x\', \'it\'\'s\')',
    'a between 1 and b + 1 and c not between -1 and 1',
    "case when a > 0 then 'pos' when a < 0 then 'neg' else 'zero' end",
    'coalesce(a, 0) + abs(b) > round(c, 2)',
    'cast(a as float64) / 2.0 > 1.5e3',
    '"unit price" * "end" > 0',
    'if(p, 1, 2) = 1',
    'starts_with(lower(name), \'a\') and length(trim(name)) >= 3',
    'year(ts) = 2024 and month(ts) between 1 and 3',
    '1234567890123456789 > x and x > -9007199254740993',
    '((a))',
    'a - (b + c) - (d - (e - f))',
  ];
  for (const t of texts) {
    it(t, () => {
      const tree = parseExpr(t);
      const printed = formatExpr(tree);
      expect(noSpans(parseExpr(printed))).toEqual(noSpans(tree));
      expect(formatExpr(parseExpr(printed))).toBe(printed);
    });
  }
});
