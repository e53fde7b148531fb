// Type rules of the expression language: implicit widening, which casts are legal, and the
// signature of every function. Used by the checker (check-expr.ts) and by schema inference.

import type { ExprType, FunctionName } from './expr.ts';
import type { DataType } from '../types.ts';
import { isNumeric } from '../types.ts';

const NUMERIC_RANK: Partial<Record<ExprType, number>> = { int32: 0, int64: 1, float64: 2 };

export function isNumericType(t: ExprType): boolean {
  return t !== 'null' && isNumeric(t);
}

/** The type both operands widen to (int32 < int64 < float64, date < timestamp, null fits anything),
 *  or undefined when they do not mix. */
export function commonType(a: ExprType, b: ExprType): ExprType | undefined {
  if (a === 'null') return b;
  if (b === 'null') return a;
  if (a === b) return a;
  const ra = NUMERIC_RANK[a];
  const rb = NUMERIC_RANK[b];
  if (ra !== undefined && rb !== undefined) return ra > rb ? a : b;
  if ((a === 'date' && b === 'timestamp') || (a === 'timestamp' && b === 'date')) return 'timestamp';
  return undefined;
}

/** Can a value of type `from` be cast to `to`? (Spark's legal casts, minus number <-> date/time.) */
export function canCast(from: ExprType, to: DataType): boolean {
  if (to === 'vector') return from === 'vector' || from === 'null';
  if (from === 'null' || from === to) return true;
  if (from === 'vector') return false;
  const numericLike = (t: ExprType) => isNumericType(t) || t === 'bool';
  if (numericLike(from) && numericLike(to)) return true;
  if (from === 'string' || to === 'string') return true;
  return (from === 'date' && to === 'timestamp') || (from === 'timestamp' && to === 'date');
}

/** Why a cast is not legal, and what to do instead. */
export function castAdvice(from: ExprType, to: DataType): string {
  if (to === 'date' || to === 'timestamp') return `cast a text such as '2024-01-31' to ${to} instead`;
  if (to === 'vector' || from === 'vector') return 'vectors are made by feature.vectorAssembler';
  return `cast to string first, or use a function`;
}

export const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;
export const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Whether a text literal is a valid date / timestamp, as cast(text as date) reads it. */
export function isTemporalText(text: string, to: 'date' | 'timestamp'): boolean {
  if (!(to === 'date' ? DATE_TEXT : TIMESTAMP_TEXT).test(text)) return false;
  const [y, m, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/** A parameter class of a function signature. */
export type ArgClass = 'numeric' | 'integer' | 'string' | 'bool' | 'temporal' | 'timestamp' | 'any';

export interface FunctionSignature {
  readonly usage: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Class of argument i (the last one repeats for variadic functions). */
  readonly args: readonly ArgClass[];
  /** The result type from the (checked) argument types; for 'unify' functions the caller passes the
   *  common type of the unified arguments. */
  readonly result: DataType | 'same' | 'unify' | 'integral';
  /** Indices of arguments whose types are unified (least, greatest, coalesce, if). */
  readonly unify?: 'all' | 'from1';
}

export const FUNCTIONS: Readonly<Record<FunctionName, FunctionSignature>> = {
  abs: { usage: 'abs(x)', minArgs: 1, maxArgs: 1, args: ['numeric'], result: 'same' },
  round: { usage: 'round(x) or round(x, digits)', minArgs: 1, maxArgs: 2, args: ['numeric', 'integer'], result: 'same' },
  floor: { usage: 'floor(x)', minArgs: 1, maxArgs: 1, args: ['numeric'], result: 'integral' },
  ceil: { usage: 'ceil(x)', minArgs: 1, maxArgs: 1, args: ['numeric'], result: 'integral' },
  sqrt: { usage: 'sqrt(x)', minArgs: 1, maxArgs: 1, args: ['numeric'], result: 'float64' },
  exp: { usage: 'exp(x)', minArgs: 1, maxArgs: 1, args: ['numeric'], result: 'float64' },
  ln: { usage: 'ln(x)', minArgs: 1, maxArgs: 1, args: ['numeric'], result: 'float64' },
  log10: { usage: 'log10(x)', minArgs: 1, maxArgs: 1, args: ['numeric'], result: 'float64' },
  pow: { usage: 'pow(x, y)', minArgs: 2, maxArgs: 2, args: ['numeric', 'numeric'], result: 'float64' },
  least: { usage: 'least(a, b, ...)', minArgs: 2, maxArgs: Infinity, args: ['any'], result: 'unify', unify: 'all' },
  greatest: { usage: 'greatest(a, b, ...)', minArgs: 2, maxArgs: Infinity, args: ['any'], result: 'unify', unify: 'all' },
  coalesce: { usage: 'coalesce(a, b, ...)', minArgs: 1, maxArgs: Infinity, args: ['any'], result: 'unify', unify: 'all' },
  if: { usage: 'if(condition, then, else)', minArgs: 3, maxArgs: 3, args: ['bool', 'any', 'any'], result: 'unify', unify: 'from1' },
  lower: { usage: 'lower(text)', minArgs: 1, maxArgs: 1, args: ['string'], result: 'string' },
  upper: { usage: 'upper(text)', minArgs: 1, maxArgs: 1, args: ['string'], result: 'string' },
  length: { usage: 'length(text)', minArgs: 1, maxArgs: 1, args: ['string'], result: 'int32' },
  substr: { usage: 'substr(text, start) or substr(text, start, length)', minArgs: 2, maxArgs: 3, args: ['string', 'integer', 'integer'], result: 'string' },
  trim: { usage: 'trim(text)', minArgs: 1, maxArgs: 1, args: ['string'], result: 'string' },
  concat: { usage: 'concat(a, b, ...)', minArgs: 1, maxArgs: Infinity, args: ['string'], result: 'string' },
  contains: { usage: 'contains(text, part)', minArgs: 2, maxArgs: 2, args: ['string', 'string'], result: 'bool' },
  starts_with: { usage: 'starts_with(text, prefix)', minArgs: 2, maxArgs: 2, args: ['string', 'string'], result: 'bool' },
  year: { usage: 'year(date)', minArgs: 1, maxArgs: 1, args: ['temporal'], result: 'int32' },
  month: { usage: 'month(date)', minArgs: 1, maxArgs: 1, args: ['temporal'], result: 'int32' },
  day: { usage: 'day(date)', minArgs: 1, maxArgs: 1, args: ['temporal'], result: 'int32' },
  hour: { usage: 'hour(timestamp)', minArgs: 1, maxArgs: 1, args: ['timestamp'], result: 'int32' },
};

export function argClassAccepts(c: ArgClass, t: ExprType): boolean {
  if (t === 'null') return true;
  switch (c) {
    case 'numeric': return isNumericType(t);
    case 'integer': return t === 'int32' || t === 'int64';
    case 'string': return t === 'string';
    case 'bool': return t === 'bool';
    case 'temporal': return t === 'date' || t === 'timestamp';
    case 'timestamp': return t === 'timestamp';
    case 'any': return t !== 'vector';
  }
}

export const ARG_CLASS_TEXT: Readonly<Record<ArgClass, string>> = {
  numeric: 'a number', integer: 'an integer', string: 'a string', bool: 'a bool (true/false)',
  temporal: 'a date or timestamp', timestamp: 'a timestamp', any: 'a value that is not a vector',
};

/** The default type of an integer literal: int32 when it fits, else int64. */
export function integerLiteralType(v: number | bigint): DataType {
  return typeof v === 'number' && v >= -2147483648 && v <= 2147483647 ? 'int32' : 'int64';
}
