// Parser of the expression language (docs/pipeline-format.md "Expressions"): precedence climbing over the
// tokens of tokenize-expr.ts. Precedence, loosest first:
//   or < and < not < comparison, is [not] null, [not] in, [not] between < + - < * / % < unary minus
// Comparisons do not chain (`a < b < c` is an error, as in SQL). Keywords and function names are
// case-insensitive; column names are not (quote a column named like a keyword: "case").
// Integer literals are numbers, or bigints beyond 2^53; literals written with a '.' or exponent
// carry type float64 already, so `10.0` stays a float64 where `10` is an integer.

import type { BinaryOp, Expr, FunctionName, Literal, Span } from './expr.ts';
import type { DataType } from '../types.ts';
import { DATA_TYPES } from '../types.ts';
import { ExprSyntaxError, tokenize, type Token } from './tokenize-expr.ts';
import { closest } from '../document/closest.ts';
import { firstNodeDeeperThan } from './expr-depth.ts';

export { ExprSyntaxError } from './tokenize-expr.ts';

export const FUNCTION_NAMES: readonly FunctionName[] = [
  'abs', 'round', 'floor', 'ceil', 'sqrt', 'exp', 'ln', 'log10', 'pow', 'least', 'greatest', 'coalesce', 'if',
  'lower', 'upper', 'length', 'substr', 'trim', 'concat', 'contains', 'starts_with', 'year', 'month', 'day', 'hour',
];

const KEYWORDS = new Set(['and', 'or', 'not', 'is', 'null', 'in', 'between', 'case', 'when', 'then', 'else', 'end',
  'cast', 'as', 'true', 'false']);

const TYPE_ALIASES: Readonly<Record<string, DataType>> = {
  boolean: 'bool', int: 'int32', integer: 'int32', bigint: 'int64', long: 'int64',
  double: 'float64', float: 'float64', text: 'string', varchar: 'string',
};

const COMPARISONS = new Set(['=', '!=', '<', '<=', '>', '>=']);
/** Deepest expression tree accepted. The checker, the optimizer and the evaluators walk a tree
 *  recursively; past a few thousand levels they would overflow the stack (RangeError), so a
 *  deeper expression is refused here, with its position (DuckDB's max_expression_depth is 1000). */
export const MAX_EXPR_DEPTH = 500;
const DEPTH_FIX = 'simplify it: drop redundant parentheses, or write a long chain of or-ed comparisons as col in (a, b, ...)';
const INT64_MAX = 2n ** 63n - 1n;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function join(a: Span, b: Span): Span { return { start: a.start, end: b.end }; }

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof': return 'end of expression';
    case 'string': return `'${t.text}'`;
    case 'quoted': return `"${t.text}"`;
    default: return `'${t.text}'`;
  }
}

class Parser {
  private pos = 0;
  /** Nesting of the recursive descent (parentheses, not, unary minus), bounded by MAX_EXPR_DEPTH. */
  private depth = 0;
  private readonly tokens: Token[];
  constructor(text: string) { this.tokens = tokenize(text); }

  private peek(offset = 0): Token { return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!; }
  private next(): Token { const t = this.peek(); if (t.kind !== 'eof') this.pos++; return t; }
  private isKeyword(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && t.text.toLowerCase() === word;
  }
  private isOp(op: string): boolean { const t = this.peek(); return t.kind === 'op' && t.text === op; }

  private fail(expected: string, t: Token = this.peek()): never {
    throw new ExprSyntaxError(`expected ${expected} at ${t.span.start}, found ${describe(t)}`, t.span);
  }
  private expectOp(op: string): Token { if (!this.isOp(op)) this.fail(`'${op}'`); return this.next(); }
  private expectKeyword(word: string): Token { if (!this.isKeyword(word)) this.fail(`'${word}'`); return this.next(); }

  parseAll(): Expr {
    if (this.peek().kind === 'eof') throw new ExprSyntaxError('empty expression: write a condition or value, e.g. amount > 10', { start: 0, end: 0 });
    const e = this.parseOr();
    const t = this.peek();
    if (t.kind !== 'eof') {
      const hint = t.kind === 'op' && COMPARISONS.has(t.text) ? ': comparisons do not chain; combine them with and' : '';
      throw new ExprSyntaxError(`unexpected ${describe(t)} at ${t.span.start}${hint}`, t.span);
    }
    return e;
  }

  /** Runs `parse` one level deeper; past MAX_EXPR_DEPTH an error at the token where it happens. */
  private nested(parse: () => Expr): Expr {
    if (this.depth >= MAX_EXPR_DEPTH) {
      const t = this.peek();
      throw new ExprSyntaxError(`expression nested more than ${MAX_EXPR_DEPTH} levels deep at ${t.span.start}: ${DEPTH_FIX}`, t.span);
    }
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private parseOr(): Expr {
    return this.nested(() => {
      let left = this.parseAnd();
      while (this.isKeyword('or')) {
        this.next();
        const right = this.parseAnd();
        left = this.binary('or', left, right);
      }
      return left;
    });
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isKeyword('and')) {
      this.next();
      const right = this.parseNot();
      left = this.binary('and', left, right);
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.isKeyword('not')) {
      const t = this.next();
      const operand = this.nested(() => this.parseNot());
      return { kind: 'unary', op: 'not', operand, span: join(t.span, operand.span!) };
    }
    return this.parsePredicate();
  }

  /** One comparison or postfix predicate (is null, in, between) over additive operands. */
  private parsePredicate(): Expr {
    const left = this.parseAdditive();
    const t = this.peek();
    if (t.kind === 'op' && COMPARISONS.has(t.text)) {
      this.next();
      return this.binary(t.text as BinaryOp, left, this.parseAdditive());
    }
    if (this.isKeyword('is')) {
      this.next();
      const negated = this.isKeyword('not');
      if (negated) this.next();
      const end = this.expectKeyword('null');
      return { kind: 'isNull', operand: left, negated, span: join(left.span!, end.span) };
    }
    const negated = this.isKeyword('not') && (this.isKeyword('in', 1) || this.isKeyword('between', 1));
    if (negated) this.next();
    if (this.isKeyword('in')) {
      this.next();
      this.expectOp('(');
      const list = [this.parseOr()];
      while (this.isOp(',')) { this.next(); list.push(this.parseOr()); }
      const end = this.expectOp(')');
      return { kind: 'in', operand: left, list, negated, span: join(left.span!, end.span) };
    }
    if (this.isKeyword('between')) {
      this.next();
      const low = this.parseAdditive();
      this.expectKeyword('and');
      const high = this.parseAdditive();
      return { kind: 'between', operand: left, low, high, negated, span: join(left.span!, high.span!) };
    }
    return left;
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next().text as BinaryOp;
      left = this.binary(op, left, this.parseMultiplicative());
    }
    return left;
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const op = this.next().text as BinaryOp;
      left = this.binary(op, left, this.parseUnary());
    }
    return left;
  }

  private parseUnary(): Expr {
    if (this.isOp('-')) {
      const minus = this.next();
      // A minus directly before a number is part of the literal, so -9223372036854775808 fits int64.
      if (this.peek().kind === 'number') return this.numberLiteral(this.next(), minus.span);
      const operand = this.nested(() => this.parseUnary());
      return { kind: 'unary', op: 'neg', operand, span: join(minus.span, operand.span!) };
    }
    if (this.isOp('+')) { this.next(); return this.nested(() => this.parseUnary()); }
    return this.parsePrimary();
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'number': this.next(); return this.numberLiteral(t);
      case 'string': this.next(); return { kind: 'literal', value: t.text, span: t.span };
      case 'quoted': this.next(); return { kind: 'column', name: t.text, span: t.span };
      case 'op':
        if (t.text === '(') {
          this.next();
          const inner = this.parseOr();
          this.expectOp(')');
          return inner;
        }
        return this.fail('a value, column or function');
      case 'eof': return this.fail('a value, column or function');
      case 'ident': return this.parseWord(t);
    }
  }

  private parseWord(t: Token): Expr {
    const word = t.text.toLowerCase();
    if (word === 'true' || word === 'false') { this.next(); return { kind: 'literal', value: word === 'true', span: t.span }; }
    if (word === 'null') { this.next(); return { kind: 'literal', value: null, span: t.span }; }
    if (word === 'case') return this.parseCase();
    if (word === 'cast' && this.peek(1).kind === 'op' && this.peek(1).text === '(') return this.parseCast();
    if (this.peek(1).kind === 'op' && this.peek(1).text === '(') return this.parseCall();
    if (KEYWORDS.has(word)) {
      throw new ExprSyntaxError(`unexpected keyword '${t.text}' at ${t.span.start}: expected a value, column or function`
        + ` (quote a column named '${t.text}' as "${t.text}")`, t.span);
    }
    this.next();
    return { kind: 'column', name: t.text, span: t.span };
  }

  private parseCall(): Expr {
    const nameToken = this.next();
    const name = nameToken.text.toLowerCase();
    if (!(FUNCTION_NAMES as readonly string[]).includes(name)) {
      const guess = closest(name, [...FUNCTION_NAMES, 'cast']);
      const hint = guess ? `: did you mean '${guess}'?` : `: the functions are ${FUNCTION_NAMES.join(', ')}`;
      throw new ExprSyntaxError(`unknown function '${nameToken.text}' at ${nameToken.span.start}${hint}`, nameToken.span);
    }
    this.expectOp('(');
    const args: Expr[] = [];
    if (!this.isOp(')')) {
      args.push(this.parseOr());
      while (this.isOp(',')) { this.next(); args.push(this.parseOr()); }
    }
    const end = this.expectOp(')');
    return { kind: 'call', fn: name as FunctionName, args, span: join(nameToken.span, end.span) };
  }

  private parseCast(): Expr {
    const start = this.next();
    this.expectOp('(');
    const operand = this.parseOr();
    this.expectKeyword('as');
    const typeToken = this.peek();
    if (typeToken.kind !== 'ident') this.fail(`a type (${DATA_TYPES.filter((d) => d !== 'vector').join(', ')})`);
    this.next();
    const written = typeToken.text.toLowerCase();
    const to = (DATA_TYPES as readonly string[]).includes(written) ? written as DataType : TYPE_ALIASES[written];
    if (to === undefined) {
      const guess = closest(written, [...DATA_TYPES, ...Object.keys(TYPE_ALIASES)]);
      const hint = guess ? `: did you mean '${TYPE_ALIASES[guess] ?? guess}'?` : `: the types are ${DATA_TYPES.join(', ')}`;
      throw new ExprSyntaxError(`unknown type '${typeToken.text}' at ${typeToken.span.start}${hint}`, typeToken.span);
    }
    const end = this.expectOp(')');
    return { kind: 'cast', operand, to, span: join(start.span, end.span) };
  }

  /** `case when c then v ... [else v] end`, and the simple form `case x when v then ...` (= x = v). */
  private parseCase(): Expr {
    const start = this.next();
    const subject = this.isKeyword('when') ? undefined : this.parseOr();
    const whens: { when: Expr; then: Expr }[] = [];
    while (this.isKeyword('when')) {
      this.next();
      const value = this.parseOr();
      const when = subject ? this.binary('=', subject, value) : value;
      this.expectKeyword('then');
      whens.push({ when, then: this.parseOr() });
    }
    if (whens.length === 0) this.fail("'when'");
    let otherwise: Expr | undefined;
    if (this.isKeyword('else')) { this.next(); otherwise = this.parseOr(); }
    const end = this.expectKeyword('end');
    const span = join(start.span, end.span);
    return otherwise ? { kind: 'case', whens, otherwise, span } : { kind: 'case', whens, span };
  }

  private numberLiteral(t: Token, minus?: Span): Literal {
    const span = minus ? join(minus, t.span) : t.span;
    if (/^\d+$/.test(t.text)) {
      const big = minus ? -BigInt(t.text) : BigInt(t.text);
      if (big > INT64_MAX || big < -INT64_MAX - 1n) {
        throw new ExprSyntaxError(`integer ${minus ? '-' : ''}${t.text} at ${span.start} is out of the int64 range: write it as ${t.text}.0 for a float64`, span);
      }
      return { kind: 'literal', value: big > SAFE || big < -SAFE ? big : Number(big), span };
    }
    const value = Number(t.text);
    return { kind: 'literal', value: minus ? -value : value, type: 'float64', span };
  }

  private binary(op: BinaryOp, left: Expr, right: Expr): Expr {
    return { kind: 'binary', op, left, right, span: join(left.span!, right.span!) };
  }
}

/** Parses expression text into a tree with `span` on every node. Throws ExprSyntaxError. */
export function parseExpr(text: string): Expr {
  const expr = new Parser(text).parseAll();
  // A chain (a or b or c ..., a + b + c ...) is built in a loop, not by recursion, but is as deep
  // as it is long: measured here without recursion.
  const tooDeep = firstNodeDeeperThan(expr, MAX_EXPR_DEPTH);
  if (tooDeep) {
    const span = tooDeep.span ?? { start: 0, end: 0 };
    throw new ExprSyntaxError(`expression nested more than ${MAX_EXPR_DEPTH} levels deep at ${span.start}: ${DEPTH_FIX}`, span);
  }
  return expr;
}
