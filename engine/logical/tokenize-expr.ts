// Tokenizer of the expression language (docs/pipeline-format.md "Expressions"). Hand-written: user text is
// only ever scanned, never evaluated.

import type { Span } from './expr.ts';

export type TokenKind = 'ident' | 'quoted' | 'string' | 'number' | 'op' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** ident: as written; quoted/string: unescaped content; number: digits as written; op: the operator. */
  readonly text: string;
  readonly span: Span;
}

/** A syntax error in an expression, with the character range it points at. */
export class ExprSyntaxError extends Error {
  readonly span: Span;
  constructor(message: string, span: Span) {
    super(message);
    this.name = 'ExprSyntaxError';
    this.span = span;
  }
}

const TWO_CHAR_OPS = ['<=', '>=', '!=', '<>', '=='];
const ONE_CHAR_OPS = '+-*/%=<>(),';

function isIdentStart(c: string): boolean { return /[A-Za-z_]/.test(c); }
function isIdentPart(c: string): boolean { return /[A-Za-z0-9_]/.test(c); }
function isDigit(c: string | undefined): boolean { return c !== undefined && c >= '0' && c <= '9'; }

/** `quote`-delimited text starting at `start` (the opening quote); a doubled quote stands for one. */
function readQuoted(text: string, start: number, quote: string, what: string): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  for (;;) {
    if (i >= text.length) {
      throw new ExprSyntaxError(`unterminated ${what} starting at ${start}: add the closing ${quote}`, { start, end: text.length });
    }
    const c = text[i]!;
    if (c === quote) {
      if (text[i + 1] === quote) { value += quote; i += 2; continue; }
      return { value, end: i + 1 };
    }
    value += c;
    i++;
  }
}

function readNumber(text: string, start: number): number {
  let i = start;
  while (isDigit(text[i])) i++;
  if (text[i] === '.' && isDigit(text[i + 1])) { i++; while (isDigit(text[i])) i++; }
  else if (text[i] === '.' && i > start) i++; // "10." is 10.0
  if ((text[i] === 'e' || text[i] === 'E')
    && (isDigit(text[i + 1]) || ((text[i + 1] === '+' || text[i + 1] === '-') && isDigit(text[i + 2])))) {
    i += 2;
    while (isDigit(text[i])) i++;
  }
  if (isIdentStart(text[i] ?? ' ')) {
    throw new ExprSyntaxError(`unexpected '${text[i]}' after number at ${i}: put a space or operator between them`, { start: i, end: i + 1 });
  }
  return i;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) { i++; continue; }
    const start = i;
    if (isIdentStart(c)) {
      while (i < text.length && isIdentPart(text[i]!)) i++;
      tokens.push({ kind: 'ident', text: text.slice(start, i), span: { start, end: i } });
    } else if (isDigit(c) || (c === '.' && isDigit(text[i + 1]))) {
      i = readNumber(text, start);
      tokens.push({ kind: 'number', text: text.slice(start, i), span: { start, end: i } });
    } else if (c === "'") {
      const { value, end } = readQuoted(text, start, "'", 'string');
      i = end;
      tokens.push({ kind: 'string', text: value, span: { start, end } });
    } else if (c === '"') {
      const { value, end } = readQuoted(text, start, '"', 'quoted column name');
      if (value === '') throw new ExprSyntaxError(`empty column name at ${start}`, { start, end });
      i = end;
      tokens.push({ kind: 'quoted', text: value, span: { start, end } });
    } else if (TWO_CHAR_OPS.includes(text.slice(i, i + 2))) {
      const op = text.slice(i, i + 2);
      i += 2;
      // `<>` and `==` are accepted spellings of `!=` and `=`.
      tokens.push({ kind: 'op', text: op === '<>' ? '!=' : op === '==' ? '=' : op, span: { start, end: i } });
    } else if (ONE_CHAR_OPS.includes(c)) {
      i++;
      tokens.push({ kind: 'op', text: c, span: { start, end: i } });
    } else {
      const hint = c === '`' ? ": quote column names with double quotes, e.g. \"my column\"" : c === '|' || c === '&'
        ? ': use and / or (and concat(a, b) to join text)' : '';
      throw new ExprSyntaxError(`unexpected character '${c}' at ${start}${hint}`, { start, end: start + 1 });
    }
  }
  tokens.push({ kind: 'eof', text: '', span: { start: text.length, end: text.length } });
  return tokens;
}
