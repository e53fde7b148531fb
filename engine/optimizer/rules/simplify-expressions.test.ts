import { describe, expect, it } from 'vitest';
import { simplifyExpr, simplifyExpressions } from './simplify-expressions.ts';
import { runRules } from '../optimizer.ts';
import { formatExpr } from '../../logical/format-expr.ts';
import type { Expr } from '../../logical/expr.ts';
import { EVENTS, and, bin, call, col, filter, isNull, lit, neg, not, or, project, scan } from '../plans.test-helper.ts';

const x = col('x', 'int32'), f = col('f', 'float64'), p = col('p', 'bool');
const s = (e: Expr): string => formatExpr(simplifyExpr(e));

describe('simplify-expressions', () => {
  it('folds constants, keeping the type of the replaced node', () => {
    const two = simplifyExpr(bin('+', lit(1), lit(1)));
    expect(two).toEqual({ kind: 'literal', value: 2, type: 'int32' });
    expect(simplifyExpr(bin('=', lit('a'), lit('a')))).toEqual({ kind: 'literal', value: true, type: 'bool' });
    expect(s(bin('>', f, bin('*', lit(2), lit(5))))).toBe('f > 10');
    expect(s(bin('/', lit(1), lit(4)))).toBe('0.25');
    expect(s(neg(lit(3)))).toBe('-3');
    expect(s(bin('<', lit('b'), lit('a')))).toBe('false');
  });

  it('drops identities only when the type stays', () => {
    expect(simplifyExpr(bin('+', x, lit(0)))).toBe(x);
    expect(simplifyExpr(bin('*', lit(1), x))).toBe(x);
    expect(simplifyExpr(bin('-', f, lit(0, 'float64')))).toBe(f);
    // int32 + 0.0 is float64: replacing it by the int32 column would change the type.
    expect(s(bin('+', x, lit(0.5 - 0.5, 'float64')))).toBe('x + 0.0');
    expect(s(bin('*', x, lit(0)))).toBe('x * 0'); // null * 0 is null, not 0
  });

  it('propagates null through arithmetic and comparisons as a typed null', () => {
    expect(simplifyExpr(bin('+', lit(null), x))).toEqual({ kind: 'literal', value: null, type: 'int32' });
    expect(simplifyExpr(bin('>', x, lit(null)))).toEqual({ kind: 'literal', value: null, type: 'bool' });
    expect(s(isNull(lit(null)))).toBe('true');
    expect(s(isNull(lit(1), true))).toBe('true');
  });

  it('applies three-valued logic', () => {
    expect(simplifyExpr(and(lit(true), p))).toBe(p);
    expect(s(and(lit(false), p))).toBe('false');
    expect(s(and(p, lit(false)))).toBe('false');
    expect(s(or(p, lit(true)))).toBe('true');
    expect(simplifyExpr(or(p, lit(false)))).toBe(p);
    expect(simplifyExpr(not(not(p)))).toBe(p);
    expect(s(and(lit(null), lit(false)))).toBe('false');
    expect(s(or(lit(null), lit(true)))).toBe('true');
    // Unknown stays unknown: p and null is null when p is true, so it is not false.
    expect(s(and(p, lit(null)))).toBe('p and null');
    expect(s(or(p, lit(null)))).toBe('p or null');
    const t = simplifyExpr(and(lit(true), lit(null)));
    expect(t).toEqual({ kind: 'literal', value: null, type: 'bool' });
  });

  it('folds coalesce, if, in and between over literals', () => {
    expect(s(call('coalesce', 'int32', lit(null), x, lit(3), col('y', 'int32')))).toBe('coalesce(x, 3)');
    expect(simplifyExpr(call('coalesce', 'int32', lit(null), x))).toBe(x);
    expect(simplifyExpr(call('coalesce', 'int32', lit(null), lit(null)))).toEqual({ kind: 'literal', value: null, type: 'int32' });
    expect(simplifyExpr(call('if', 'int32', lit(true), x, lit(0)))).toBe(x);
    expect(s(call('if', 'int32', lit(null), x, lit(0)))).toBe('0');
    const inList = (operand: Expr, list: Expr[], negated = false): Expr => ({ kind: 'in', operand, list, negated, type: 'bool' });
    expect(s(inList(lit(2), [lit(1), lit(2)]))).toBe('true');
    expect(s(inList(lit(3), [lit(1), lit(2)], true))).toBe('true');
    expect(s(inList(lit(3), [lit(1), lit(null)]))).toBe('null'); // 3 = null is unknown
    expect(s(inList(x, [lit(1), lit(2)]))).toBe('x in (1, 2)');
    const between: Expr = { kind: 'between', operand: lit(5), low: lit(1), high: lit(4), negated: false, type: 'bool' };
    expect(s(between)).toBe('false');
  });

  it('leaves what cannot be folded: division by zero, overflow, column comparisons', () => {
    expect(s(bin('/', lit(1), lit(0)))).toBe('1 / 0');
    expect(s(bin('*', lit(2 ** 30), lit(4)))).toBe('1073741824 * 4');
    const e = and(bin('>', f, lit(10)), bin('=', x, col('y', 'int32')));
    expect(simplifyExpr(e)).toBe(e);
  });

  it('rewrites filters, projections and scan filters; returns the same roots when nothing folds', () => {
    const events = scan('events', EVENTS, { filters: [and(lit(true), bin('>', col('qty', 'int32'), lit(1)))] });
    const big = filter('big', events, bin('>', col('amount', 'float64'), bin('+', lit(5), lit(5))));
    const proj = project('p', big, [{ name: 'q', expr: bin('*', col('qty', 'int32'), lit(1)) }]);
    const { roots, fired } = runRules([proj], [simplifyExpressions]);
    expect(fired).toEqual(['simplify-expressions']);
    const out = roots[0]!;
    if (out.op !== 'project' || out.input.op !== 'filter' || out.input.input.op !== 'scan') throw new Error('shape');
    expect(formatExpr(out.items[0]!.expr)).toBe('qty');
    expect(formatExpr(out.input.condition)).toBe('amount > 10');
    expect(out.input.input.filters.map(formatExpr)).toEqual(['qty > 1']);

    const again = runRules(roots, [simplifyExpressions]);
    expect(again.fired).toEqual([]);
    expect(again.roots).toBe(roots);
  });
});
