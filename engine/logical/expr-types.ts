// Type rules of the expression language: implicit widening, which casts are legal, and the
// argument classes of function signatures (the functions themselves: function-catalog.ts). Used by
// the checker (check-expr.ts) and by schema inference.

import type { ExprType } from './expr.ts';
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
