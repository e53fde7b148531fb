// The expression tree of filter conditions and derived columns (docs/pipeline-format.md "Expressions").
//
// The parser (engine/logical/parse-expr.ts) builds it from user text with `span` set; the type
// checker (engine/logical/check-expr.ts) returns a copy in which every node carries `type`.
// Executors and code generators only ever see checked trees. No user text is ever eval'd.

import type { DataType } from '../types.ts';

/** Character offsets [start, end) into the expression text, for error messages. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%'
  | '=' | '!=' | '<' | '<=' | '>' | '>='
  | 'and' | 'or';

export type FunctionName =
  | 'abs' | 'round' | 'floor' | 'ceil' | 'sqrt' | 'exp' | 'ln' | 'log10' | 'pow'
  | 'least' | 'greatest' | 'coalesce' | 'if'
  | 'lower' | 'upper' | 'length' | 'substr' | 'trim' | 'concat' | 'contains' | 'starts_with'
  | 'year' | 'month' | 'day' | 'hour';

/** `null` is the type of the bare `null` literal before it meets a context. */
export type ExprType = DataType | 'null';

interface ExprBase {
  readonly span?: Span;
  /** Set by the type checker. */
  readonly type?: ExprType;
}

export interface ColumnRef extends ExprBase { readonly kind: 'column'; readonly name: string }
export interface Literal extends ExprBase {
  readonly kind: 'literal';
  /** int64 literals beyond 2^53 are bigint; dates/timestamps appear only through cast. */
  readonly value: null | boolean | number | bigint | string;
}
export interface Binary extends ExprBase {
  readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr;
}
export interface Unary extends ExprBase { readonly kind: 'unary'; readonly op: 'not' | 'neg'; readonly operand: Expr }
export interface IsNull extends ExprBase { readonly kind: 'isNull'; readonly operand: Expr; readonly negated: boolean }
export interface InList extends ExprBase {
  readonly kind: 'in'; readonly operand: Expr; readonly list: readonly Expr[]; readonly negated: boolean;
}
export interface Between extends ExprBase {
  readonly kind: 'between'; readonly operand: Expr; readonly low: Expr; readonly high: Expr; readonly negated: boolean;
}
export interface Case extends ExprBase {
  readonly kind: 'case';
  readonly whens: readonly { readonly when: Expr; readonly then: Expr }[];
  readonly otherwise?: Expr;
}
export interface Call extends ExprBase { readonly kind: 'call'; readonly fn: FunctionName; readonly args: readonly Expr[] }
export interface Cast extends ExprBase { readonly kind: 'cast'; readonly operand: Expr; readonly to: DataType }

export type Expr = ColumnRef | Literal | Binary | Unary | IsNull | InList | Between | Case | Call | Cast;

/** The direct children of a node, in evaluation order. */
export function children(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'column': case 'literal': return [];
    case 'binary': return [e.left, e.right];
    case 'unary': case 'isNull': case 'cast': return [e.operand];
    case 'in': return [e.operand, ...e.list];
    case 'between': return [e.operand, e.low, e.high];
    case 'case': return [...e.whens.flatMap((w) => [w.when, w.then]), ...(e.otherwise ? [e.otherwise] : [])];
    case 'call': return e.args;
  }
}

/** Names of all columns an expression reads. */
export function referencedColumns(e: Expr, into: Set<string> = new Set()): Set<string> {
  if (e.kind === 'column') into.add(e.name);
  for (const c of children(e)) referencedColumns(c, into);
  return into;
}
