// Mapping JSON values to engine types, shared by NDJSON schema inference and reading.
// Nested objects and arrays are kept as their JSON text in a string column.

import type { DataType } from '../../types.ts';
import { parseDate, parseTimestamp } from '../csv/parse-values.ts';

const enc = new TextEncoder();

/** The narrowest engine type of one JSON value, or undefined for null. */
export function jsonTypeOf(v: unknown): DataType | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return 'float64';
    return v >= -2147483648 && v <= 2147483647 ? 'int32' : Number.isSafeInteger(v) ? 'int64' : 'float64';
  }
  if (typeof v === 'string') {
    if (v.length === 10 || v.length >= 16) {
      const b = enc.encode(v);
      if (parseDate(b, 0, b.length) !== undefined) return 'date';
      if (parseTimestamp(b, 0, b.length) !== undefined) return 'timestamp';
    }
    return 'string';
  }
  return 'string'; // object or array: kept as JSON text
}

const NUMERIC: readonly DataType[] = ['int32', 'int64', 'float64'];

/** The type holding values of both types (numbers widen, date + timestamp is timestamp, else string). */
export function widen(a: DataType | undefined, b: DataType | undefined): DataType | undefined {
  if (a === undefined) return b;
  if (b === undefined || a === b) return a;
  if (NUMERIC.includes(a) && NUMERIC.includes(b)) return NUMERIC[Math.max(NUMERIC.indexOf(a), NUMERIC.indexOf(b))];
  if ((a === 'date' && b === 'timestamp') || (a === 'timestamp' && b === 'date')) return 'timestamp';
  return 'string';
}
