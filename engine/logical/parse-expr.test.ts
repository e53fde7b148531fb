import { describe, expect, it } from 'vitest';
import { ExprSyntaxError, parseExpr } from './parse-expr.ts';
import type { Expr } from './expr.ts';

/** A compact, fully parenthesized rendering of a tree, to assert structure and precedence. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'column': return e.name;
    case 'literal': return typeof e.value === 'string' ? `'${e.value}'` : typeof e.value === 'bigint' ? `${e.value}n`
      : e.type === 'float64' ? `${e.value}f` : String(e.value);
    case 'binary': return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'unary': return `(${e.op} ${show(e.operand)})`;
    case 'isNull': return `(${show(e.operand)} is ${e.negated ? 'not ' : ''}null)`;
    case 'in': return `(${show(e.operand)} ${e.negated ? 'not ' : ''}in [${e.list.map(show).join(', ')}])`;
    case 'between': return `(${show(e.operand)} ${e.negated ? 'not ' : ''}between ${show(e.low)} ${show(e.high)})`;
    case 'case': return `(case ${e.whens.map((w) => `${show(w.when)}->${show(w.then)}`).join(' ')}${e.otherwise ? ` else ${show(e.otherwise)}` : ''})`;
    case 'call': return `${e.fn}(${e.args.map(show).join(', ')})`;
    case 'cast': return `cast(${show(e.operand)} as ${e.to})`;
  }
}

function syntaxError(text: string): ExprSyntaxError {
  try { parseExpr(text); } catch (e) { if (e instanceof ExprSyntaxError) return e; throw e; }
  throw new Error(`no error for ${text}`);
}

describe('parseExpr precedence', () => {
  const cases: [string, string][] = [
    ['a or b and c', '(a or (b and c))'],
    ['not a and b', '((not a) and b)'],
    ['not a = 1', '(not (a = 1))'],
    ['a + b * c', '(a + (b * c))'],
    ['a - b - c', '((a - b) - c)'],
    ['a * b % c / d', '(((a * b) % c) / d)'],
    ['-a * b', '((neg a) * b)'],
    ['- (a + b)', '(neg (a + b))'],
    ['a + b > c * 2', '((a + b) > (c * 2))'],
    ['a is not null and b is null', '((a is not null) and (b is null))'],
    ['x between 1 and 10 and y', '((x between 1 10) and y)'],
    ['x not between a + 1 and b', '(x not between (a + 1) b)'],
    ["c not in ('a', 'b')", "(c not in ['a', 'b'])"],
    ['a <> b', '(a != b)'],
    ['a == b', '(a = b)'],
    ['NOT A OR B', '((not A) or B)'],
  ];
  it.each(cases)('%s', (text, expected) => expect(show(parseExpr(text))).toBe(expected));
});

describe('parseExpr literals and names', () => {
  it('reads quoted names and escaped strings', () => {
    expect(show(parseExpr(`"order total" > 1`))).toBe('(order total > 1)');
    expect(show(parseExpr(`"a""b"`))).toBe('a"b');
    expect(parseExpr(`'it''s'`)).toMatchObject({ kind: 'literal', value: "it's" });
  });
  it('keeps integers as numbers up to 2^53 and bigints beyond, floats typed float64', () => {
    expect(parseExpr('9007199254740991')).toMatchObject({ value: 9007199254740991 });
    expect(parseExpr('9007199254740993')).toMatchObject({ value: 9007199254740993n });
    expect(parseExpr('-9223372036854775808')).toMatchObject({ value: -9223372036854775808n });
    expect(parseExpr('10.0')).toEqual({ kind: 'literal', value: 10, type: 'float64', span: { start: 0, end: 4 } });
    expect(parseExpr('1e3')).toMatchObject({ value: 1000, type: 'float64' });
    expect(parseExpr('-2.5')).toMatchObject({ value: -2.5, span: { start: 0, end: 4 } });
    expect(parseExpr('10').type).toBeUndefined();
  });
  it('reads true, false, null in any case', () => {
    expect(parseExpr('TRUE')).toMatchObject({ value: true });
    expect(parseExpr('False')).toMatchObject({ value: false });
    expect(parseExpr('null')).toMatchObject({ value: null });
  });
  it('reads function calls case-insensitively, cast with aliases, case forms', () => {
    expect(show(parseExpr('ROUND(amount, 2)'))).toBe('round(amount, 2)');
    expect(show(parseExpr("concat(a, ' ', b)"))).toBe("concat(a, ' ', b)");
    expect(show(parseExpr('cast(x as bigint)'))).toBe('cast(x as int64)');
    expect(show(parseExpr("CAST('2024-01-01' AS date)"))).toBe("cast('2024-01-01' as date)");
    expect(show(parseExpr("case when a > 1 then 'big' when a > 0 then 'small' else 'none' end")))
      .toBe("(case (a > 1)->'big' (a > 0)->'small' else 'none')");
    expect(show(parseExpr("case c when 'x' then 1 end"))).toBe("(case (c = 'x')->1)");
    expect(show(parseExpr('if(a, 1, 2)'))).toBe('if(a, 1, 2)');
  });
  it('sets spans covering each node', () => {
    const e = parseExpr('amount > 10 and qty < 3');
    expect(e.span).toEqual({ start: 0, end: 23 });
    if (e.kind !== 'binary' || e.left.kind !== 'binary') throw new Error('shape');
    expect(e.left.span).toEqual({ start: 0, end: 11 });
    expect(e.left.right.span).toEqual({ start: 9, end: 11 });
  });
});

describe('parseExpr errors', () => {
  const cases: [string, string, number][] = [
    ['(a + b', "expected ')' at 6", 6],
    ['lenght(name)', "unknown function 'lenght' at 0: did you mean 'length'?", 0],
    ['a +', 'expected a value, column or function at 3', 3],
    ["'open", 'unterminated string starting at 0', 0],
    ['a < b < c', "unexpected '<' at 6: comparisons do not chain", 6],
    ['cast(x as strng)', "unknown type 'strng' at 10: did you mean 'string'?", 10],
    ['a # b', "unexpected character '#' at 2", 2],
    ['case when a then 1', "expected 'end' at 18", 18],
    ['x between 1 or 2', "expected 'and' at 12", 12],
    ['', 'empty expression', 0],
    ['99999999999999999999', 'out of the int64 range', 0],
  ];
  it.each(cases)('%s', (text, message, start) => {
    const e = syntaxError(text);
    expect(e.message).toContain(message);
    expect(e.span.start).toBe(start);
  });
});
