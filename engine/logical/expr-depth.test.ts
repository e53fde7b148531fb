// Expressions too deep for the recursive passes after the parser (checker, optimizer, evaluators)
// are refused by the parser with the position, instead of a RangeError from deep inside; the
// deepest accepted ones run end to end on the worker pool, with the rows DuckDB gives.

import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { Engine } from '../exec/engine.ts';
import type { PipelineDocument } from '../document/document-types.ts';
import { PipelineError } from '../errors.ts';
import { MAX_EXPR_DEPTH, parseExpr } from './parse-expr.ts';
import { ExprSyntaxError } from './tokenize-expr.ts';

const engine = new Engine({ threads: 2 });
afterAll(() => engine.close());

const parens = (n: number): string => `${'('.repeat(n)}age > 30${')'.repeat(n)}`;
const nots = (n: number): string => `${'not '.repeat(n)}age > 30`;
const negs = (n: number): string => `${'- '.repeat(n)}age < 0`;
const chain = (n: number): string => Array.from({ length: n }, (_, i) => `age = ${i}`).join(' or ');
const sums = (n: number): string => `${Array.from({ length: n }, () => 'age').join(' + ')} > 100`;

function syntaxError(text: string): ExprSyntaxError {
  try {
    parseExpr(text);
  } catch (e) {
    if (e instanceof ExprSyntaxError) return e;
    throw e;
  }
  throw new Error('parsed');
}

const filterDoc = (condition: string): PipelineDocument => ({
  version: 1, name: 'deep',
  nodes: [{ id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 3000 } },
    { id: 'kept', kind: 'transform.filter', params: { condition } }],
  edges: [{ from: 'users', to: 'kept' }],
});

describe('expression depth', () => {
  it.each([
    // The position of the token that would be parsed one level too deep.
    ['1000 nested parentheses', parens(1000), MAX_EXPR_DEPTH],
    ['100000 nested parentheses', parens(100_000), MAX_EXPR_DEPTH],
    ['2000 nots', nots(2000), 4 * MAX_EXPR_DEPTH],
    ['2000 unary minuses', negs(2000), 2 * MAX_EXPR_DEPTH],
  ])('refuses %s at the position where the limit is passed', (_name, text, position) => {
    const e = syntaxError(text);
    expect(e.message).toBe(`expression nested more than ${MAX_EXPR_DEPTH} levels deep at ${position}: `
      + 'simplify it: drop redundant parentheses, or write a long chain of or-ed comparisons as col in (a, b, ...)');
    expect(e.span.start).toBe(position);
  });

  it.each([['a chain of 5000 ors', chain(5000)], ['a sum of 5000 terms', sums(5000)]])('refuses %s (as deep as it is long)', (_name, text) => {
    expect(syntaxError(text).message).toMatch(new RegExp(`^expression nested more than ${MAX_EXPR_DEPTH} levels deep at 0: `));
  });

  it('reports it as an issue of the filter through the engine, not a RangeError', async () => {
    const failure = await engine.run(filterDoc(parens(1000)), { baseDir: '.' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PipelineError);
    expect((failure as PipelineError).issues).toEqual([expect.objectContaining({
      nodeId: 'kept', param: 'condition', span: { start: MAX_EXPR_DEPTH, end: MAX_EXPR_DEPTH + 1 },
      message: expect.stringContaining(`expression nested more than ${MAX_EXPR_DEPTH} levels deep at ${MAX_EXPR_DEPTH}`),
    })]);
  });

  it.each([
    ['parentheses', parens(MAX_EXPR_DEPTH - 1)],
    ['a chain of ors', chain(MAX_EXPR_DEPTH - 1)],
  ])('runs the deepest accepted %s on the worker pool, with DuckDB\'s rows', async (_name, condition) => {
    const ages = async (nodeId: string): Promise<(number | null)[]> => {
      const out = await engine.preview(filterDoc(condition), nodeId, { baseDir: '.', mode: 'pool', partitions: 2, limit: 10_000 });
      return out.batches.flatMap((b) => Array.from({ length: b.numRows }, (_, i) => {
        const v = b.getChild('age')!.get(i) as number | bigint | null;
        return v === null ? null : Number(v);
      }));
    };
    const all = await ages('users');
    const kept = await ages('kept');
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = (await duck.runAndReadAll(`SELECT age FROM (VALUES ${all.map((a) => `(${a ?? 'NULL'}::INTEGER)`).join(',')}) t(age) WHERE ${condition}`)).getRows();
    duck.closeSync();
    expect(all).toHaveLength(3000);
    expect(kept.length).toBeGreaterThan(0);
    const sorted = (xs: (number | null)[]): (number | null)[] => xs.sort((a, b) => (a ?? -1) - (b ?? -1));
    expect(sorted(kept)).toEqual(sorted(rows.map((r) => (r[0] === null ? null : Number(r[0])))));
  });
});
