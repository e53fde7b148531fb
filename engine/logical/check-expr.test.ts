import { describe, expect, it } from 'vitest';
import { checkExpr } from './check-expr.ts';
import { parseExpr } from './parse-expr.ts';
import { children, type Expr } from './expr.ts';
import type { Schema } from '../types.ts';

const INPUT: Schema = {
  fields: [
    { name: 'event_id', type: 'int64', nullable: false },
    { name: 'qty', type: 'int32', nullable: true },
    { name: 'amount', type: 'float64', nullable: true },
    { name: 'country', type: 'string', nullable: true },
    { name: 'ts', type: 'timestamp', nullable: true },
    { name: 'signup_date', type: 'date', nullable: true },
    { name: 'vip', type: 'bool', nullable: true },
    { name: 'features', type: 'vector', nullable: true, vectorSize: 3 },
  ],
};
const WHERE = { nodeId: 'big', kind: 'transform.filter', param: 'condition' };

function typed(text: string): Expr {
  const r = checkExpr(parseExpr(text), INPUT, WHERE);
  expect(r.issues).toEqual([]);
  const walk = (e: Expr): void => { expect(e.type, e.kind).toBeDefined(); children(e).forEach(walk); };
  walk(r.expr!);
  return r.expr!;
}

function issues(text: string) {
  const r = checkExpr(parseExpr(text), INPUT, WHERE);
  expect(r.expr).toBeUndefined();
  return r.issues;
}

describe('checkExpr types', () => {
  it.each([
    ['amount > 10', 'bool'],
    ['qty / 2', 'float64'],
    ['qty + 1', 'int32'],
    ['qty + event_id', 'int64'],
    ['qty * 1.5', 'float64'],
    ['event_id % 7', 'int64'],
    ['-qty', 'int32'],
    ['round(amount, 2)', 'float64'],
    ['floor(amount)', 'int64'],
    ['sqrt(qty)', 'float64'],
    ['pow(qty, 2)', 'float64'],
    ['greatest(qty, event_id, 3)', 'int64'],
    ['coalesce(amount, 0)', 'float64'],
    ['if(vip, qty, 0.5)', 'float64'],
    ["concat(country, '-', lower(country))", 'string'],
    ['length(country)', 'int32'],
    ["substr(country, 1, 2)", 'string'],
    ["contains(country, 'D') or starts_with(country, 'U')", 'bool'],
    ['year(signup_date) + month(ts) + day(ts) + hour(ts)', 'int32'],
    ["case when qty > 1 then 'many' when qty = 1 then 'one' end", 'string'],
    ['case when vip then qty else event_id end', 'int64'],
    ['cast(amount as int32)', 'int32'],
    ["cast('2024-02-29' as date)", 'date'],
    ['cast(ts as date)', 'date'],
    ['qty in (1, 2, 3)', 'bool'],
    ['amount between 1 and 10', 'bool'],
    ['country is not null and not vip', 'bool'],
    ['null', 'null'],
    ['amount > 9007199254740993', 'bool'],
  ])('%s : %s', (text, type) => expect(typed(text).type).toBe(type));

  it('retypes literals to the type they meet', () => {
    const e = typed('amount > 10');
    expect(e).toMatchObject({ right: { kind: 'literal', value: 10, type: 'float64' } });
    expect(typed('event_id = 3')).toMatchObject({ left: { type: 'int64' }, right: { type: 'int64' } });
  });

  it('types null from its context', () => {
    expect(typed('coalesce(amount, null)')).toMatchObject({ args: [{ type: 'float64' }, { kind: 'literal', value: null, type: 'float64' }] });
    expect(typed("case when vip then 'y' else null end")).toMatchObject({ type: 'string', otherwise: { type: 'string' } });
    expect(typed('qty = null')).toMatchObject({ right: { type: 'int32' } });
  });

  it('turns text compared with a date into a date cast', () => {
    expect(typed("signup_date >= '2024-01-01'")).toMatchObject({
      right: { kind: 'cast', to: 'date', type: 'date', operand: { kind: 'literal', value: '2024-01-01', type: 'string' } },
    });
    expect(typed("ts between '2024-01-01' and '2024-02-01 12:00'")).toMatchObject({ low: { kind: 'cast', to: 'timestamp' } });
    expect(typed('ts > signup_date')).toMatchObject({ type: 'bool' });
  });

  it('leaves the input untouched (returns a copy)', () => {
    const parsed = parseExpr('amount > 10');
    checkExpr(parsed, INPUT, WHERE);
    expect(parsed.type).toBeUndefined();
  });
});

describe('checkExpr errors', () => {
  it('suggests the closest column', () => {
    expect(issues('amout > 10')).toEqual([{
      nodeId: 'big', kind: 'transform.filter', param: 'condition', span: { start: 0, end: 5 },
      message: "unknown column 'amout' in transform.filter 'big': did you mean 'amount'?",
    }]);
  });
  it('lists the columns when nothing is close', () => {
    expect(issues('zzzzzz > 1')[0]!.message).toContain('the columns are event_id, qty, amount');
  });
  it('collects every problem, not just the first', () => {
    const found = issues('amout > 10 and contry = 1');
    expect(found.map((i) => i.span)).toEqual([{ start: 0, end: 5 }, { start: 15, end: 21 }]);
  });
  it.each([
    ["country + 'x'", "operator '+' needs numbers, got string and string", 'concat(a, b)'],
    ['country = 1', 'cannot compare string with int32', 'cast(x as'],
    ['qty and vip', "'and' needs bool", 'x > 0'],
    ['not qty', "'not' needs a bool", ''],
    ['length(qty)', 'argument 1 of length must be a string, got int32', 'cast(x as string)'],
    ['round(amount, 1, 2)', 'round takes 1 to 2 arguments, got 3', 'round(x, digits)'],
    ['if(qty, 1, 2)', 'argument 1 of if must be a bool', 'if(condition, then, else)'],
    ["case when vip then 1 else 'x' end", 'case branches have types int32, string', 'cast them'],
    ['cast(ts as int64)', 'cannot cast timestamp to int64', ''],
    ["cast('2024-13-01' as date)", "'2024-13-01' is not a valid date", "'2024-01-31'"],
    ["qty in (1, 'two')", "'in' list value of type string does not match int32", ''],
    ['features > 1', 'cannot compare vector with int32', ''],
    ['hour(signup_date)', 'argument 1 of hour must be a timestamp, got date', 'cast(x as timestamp)'],
    ['coalesce(qty, country)', 'coalesce arguments have types int32, string', ''],
    ['case when qty then 1 end', "'when' needs a bool", ''],
    ['-country', 'unary minus needs a number', ''],
  ])('%s', (text, message, advice) => {
    const [first, ...rest] = issues(text);
    expect(rest).toEqual([]);
    expect(first!.message).toContain(message);
    expect(first!.message).toContain(advice);
    expect(first!.message).toContain("transform.filter 'big'");
    expect(first!.span).toBeDefined();
  });
});
