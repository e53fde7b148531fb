// The expression language's functions and operators as data: each function's signature (the type
// checker, check-expr.ts, reads it), a one-line description, what it does with null and NaN, and
// where it differs from Spark and DuckDB. docs/pipeline-format.md is generated from this file
// (`tributary catalog --markdown`), so the reference and the checker cannot disagree; the
// evaluator (engine/compute/eval-*.ts) is held to these notes by its tests.
//
// "Spark" means Spark SQL with spark.sql.ansi.enabled=false (the default before Spark 4.0).

import type { FunctionName } from './expr.ts';
import type { DataType } from '../types.ts';
import type { ArgClass } from './expr-types.ts';

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
  readonly group: 'math' | 'conditional' | 'text' | 'date';
  /** What it computes, in one line. */
  readonly doc: string;
  /** What a null (and, for numbers, a NaN) argument gives. */
  readonly nulls: string;
  /** Where the result differs from Spark or DuckDB on the same input; empty when it does not. */
  readonly differs?: string;
}

const STRICT = 'null when any argument is null.';

export const FUNCTIONS: Readonly<Record<FunctionName, FunctionSignature>> = {
  abs: {
    usage: 'abs(x)', minArgs: 1, maxArgs: 1, args: ['numeric'], result: 'same', group: 'math',
    doc: 'The absolute value, of the same type as x.',
    nulls: 'null gives null; NaN gives NaN.',
    differs: 'abs of the smallest integer (-2147483648 as int32) wraps to itself, as Spark; DuckDB raises an overflow error.',
  },
  round: {
    usage: 'round(x) or round(x, digits)', minArgs: 1, maxArgs: 2, args: ['numeric', 'integer'], result: 'same', group: 'math',
    doc: 'x rounded to `digits` decimal places (default 0; negative rounds to tens, hundreds...), half away from zero.',
    nulls: 'null x or digits gives null; NaN and infinities come back unchanged.',
    differs: 'Rounds as decimal arithmetic would (round(2.675, 2) = 2.68), as Spark and DuckDB.',
  },
  floor: {
    usage: 'floor(x)', minArgs: 1, maxArgs: 1, args: ['numeric'], result: 'integral', group: 'math',
    doc: 'The largest integer not above x: int64 for a float64 x, x itself for an integer.',
    nulls: 'null gives null; NaN gives 0 (the float becomes an integer).',
    differs: 'The result is an integer, as Spark (bigint); DuckDB keeps a double, so floor(NaN) is NaN there.',
  },
  ceil: {
    usage: 'ceil(x)', minArgs: 1, maxArgs: 1, args: ['numeric'], result: 'integral', group: 'math',
    doc: 'The smallest integer not below x: int64 for a float64 x, x itself for an integer.',
    nulls: 'null gives null; NaN gives 0.',
    differs: 'As floor: an integer result, as Spark; DuckDB keeps a double.',
  },
  sqrt: {
    usage: 'sqrt(x)', minArgs: 1, maxArgs: 1, args: ['numeric'], result: 'float64', group: 'math',
    doc: 'The square root, as float64.',
    nulls: 'null gives null; NaN and a negative x give NaN.',
    differs: 'DuckDB raises an error for a negative x; Spark gives NaN, as here.',
  },
  exp: {
    usage: 'exp(x)', minArgs: 1, maxArgs: 1, args: ['numeric'], result: 'float64', group: 'math',
    doc: 'e raised to x, as float64; Infinity past the largest float.',
    nulls: 'null gives null; NaN gives NaN.',
  },
  ln: {
    usage: 'ln(x)', minArgs: 1, maxArgs: 1, args: ['numeric'], result: 'float64', group: 'math',
    doc: 'The natural logarithm, as float64.',
    nulls: 'null and x <= 0 give null; NaN gives NaN.',
    differs: 'x <= 0 gives null as Spark; DuckDB raises an error.',
  },
  log10: {
    usage: 'log10(x)', minArgs: 1, maxArgs: 1, args: ['numeric'], result: 'float64', group: 'math',
    doc: 'The base-10 logarithm, as float64.',
    nulls: 'null and x <= 0 give null; NaN gives NaN.',
    differs: 'As ln: DuckDB raises an error for x <= 0.',
  },
  pow: {
    usage: 'pow(x, y)', minArgs: 2, maxArgs: 2, args: ['numeric', 'numeric'], result: 'float64', group: 'math',
    doc: 'x raised to y, as float64: pow(0, -1) is Infinity, a negative x to a fractional y is NaN.',
    nulls: `${STRICT} NaN follows IEEE 754 (pow(NaN, 0) = 1).`,
  },
  least: {
    usage: 'least(a, b, ...)', minArgs: 2, maxArgs: Infinity, args: ['any'], result: 'unify', unify: 'all', group: 'conditional',
    doc: 'The smallest argument, in the arguments\' common type.',
    nulls: 'null arguments are skipped; null only when all are null. NaN is above every number, so it is least only when all are NaN.',
  },
  greatest: {
    usage: 'greatest(a, b, ...)', minArgs: 2, maxArgs: Infinity, args: ['any'], result: 'unify', unify: 'all', group: 'conditional',
    doc: 'The largest argument, in the arguments\' common type.',
    nulls: 'null arguments are skipped; null only when all are null. NaN is above every number: greatest(NaN, 1) is NaN.',
  },
  coalesce: {
    usage: 'coalesce(a, b, ...)', minArgs: 1, maxArgs: Infinity, args: ['any'], result: 'unify', unify: 'all', group: 'conditional',
    doc: 'The first argument that is not null, in the arguments\' common type.',
    nulls: 'null when all are null; NaN is a value, not a null, so coalesce(NaN, 0) is NaN.',
  },
  if: {
    usage: 'if(condition, then, else)', minArgs: 3, maxArgs: 3, args: ['bool', 'any', 'any'], result: 'unify', unify: 'from1', group: 'conditional',
    doc: '`then` where the condition is true, else `else`, in their common type.',
    nulls: 'a null condition picks `else`.',
  },
  lower: {
    usage: 'lower(text)', minArgs: 1, maxArgs: 1, args: ['string'], result: 'string', group: 'text',
    doc: 'The text in lower case (Unicode case mapping).',
    nulls: 'null gives null.',
  },
  upper: {
    usage: 'upper(text)', minArgs: 1, maxArgs: 1, args: ['string'], result: 'string', group: 'text',
    doc: 'The text in upper case (Unicode case mapping: upper(\'straße\') is \'STRASSE\').',
    nulls: 'null gives null.',
    differs: 'ß becomes SS as in Spark (Java); DuckDB gives ẞ.',
  },
  length: {
    usage: 'length(text)', minArgs: 1, maxArgs: 1, args: ['string'], result: 'int32', group: 'text',
    doc: 'The number of characters (Unicode code points, not bytes).',
    nulls: 'null gives null.',
  },
  substr: {
    usage: 'substr(text, start) or substr(text, start, length)', minArgs: 2, maxArgs: 3, args: ['string', 'integer', 'integer'], result: 'string', group: 'text',
    doc: 'Up to `length` characters from position `start` (1 is the first; negative counts from the end; without length, to the end).',
    nulls: STRICT,
    differs: 'start 0 acts as 1 (substr(\'hello\', 0, 2) is \'he\'), as Spark; DuckDB counts position 0 as one before the first (\'h\'). A negative length gives \'\'.',
  },
  trim: {
    usage: 'trim(text)', minArgs: 1, maxArgs: 1, args: ['string'], result: 'string', group: 'text',
    doc: 'The text without leading and trailing spaces (U+0020 only, as Spark; tabs and newlines stay).',
    nulls: 'null gives null.',
  },
  concat: {
    usage: 'concat(a, b, ...)', minArgs: 1, maxArgs: Infinity, args: ['string'], result: 'string', group: 'text',
    doc: 'The texts joined end to end. Every argument must be a string: cast(x as string) a number first.',
    nulls: STRICT,
    differs: 'null when any argument is null, as Spark; DuckDB\'s concat skips nulls (its || does not). Spark and DuckDB cast numbers to text implicitly; here the cast is written.',
  },
  contains: {
    usage: 'contains(text, part)', minArgs: 2, maxArgs: 2, args: ['string', 'string'], result: 'bool', group: 'text',
    doc: 'Whether `part` occurs in the text (case-sensitive); the empty part occurs in every text.',
    nulls: STRICT,
  },
  starts_with: {
    usage: 'starts_with(text, prefix)', minArgs: 2, maxArgs: 2, args: ['string', 'string'], result: 'bool', group: 'text',
    doc: 'Whether the text begins with `prefix` (case-sensitive).',
    nulls: STRICT,
  },
  year: {
    usage: 'year(date)', minArgs: 1, maxArgs: 1, args: ['temporal'], result: 'int32', group: 'date',
    doc: 'The year of a date or timestamp (timestamps are read in UTC).',
    nulls: 'null gives null.',
    differs: 'Spark reads a timestamp in the session time zone; here always UTC.',
  },
  month: {
    usage: 'month(date)', minArgs: 1, maxArgs: 1, args: ['temporal'], result: 'int32', group: 'date',
    doc: 'The month (1-12) of a date or timestamp (UTC).',
    nulls: 'null gives null.',
  },
  day: {
    usage: 'day(date)', minArgs: 1, maxArgs: 1, args: ['temporal'], result: 'int32', group: 'date',
    doc: 'The day of the month (1-31) of a date or timestamp (UTC).',
    nulls: 'null gives null.',
  },
  hour: {
    usage: 'hour(timestamp)', minArgs: 1, maxArgs: 1, args: ['timestamp'], result: 'int32', group: 'date',
    doc: 'The hour (0-23) of a timestamp, in UTC. A date is refused: cast it to timestamp.',
    nulls: 'null gives null.',
    differs: 'Spark reads the hour in the session time zone; here always UTC.',
  },
};

/** The operators and forms of the language, for the reference (the parser and checker implement them). */
export interface OperatorDoc {
  readonly syntax: string;
  readonly doc: string;
  readonly nulls: string;
  readonly differs?: string;
}

export const OPERATORS: readonly OperatorDoc[] = [
  {
    syntax: 'a + b, a - b, a * b, -a',
    doc: 'Arithmetic in the wider operand type (int32 < int64 < float64). date + n and date - n add or take n days.',
    nulls: 'null when either side is null; NaN spreads as IEEE 754; a float past the largest is ±Infinity.',
    differs: 'Integer overflow wraps around, as Spark; DuckDB raises an overflow error.',
  },
  {
    syntax: 'a / b',
    doc: 'Division, always float64 (7 / 2 is 3.5), as Spark and DuckDB.',
    nulls: 'null when either side is null, and when b is 0.',
    differs: 'x / 0 is null as Spark; DuckDB gives ±Infinity (NaN for 0 / 0).',
  },
  {
    syntax: 'a % b',
    doc: 'The remainder, in the wider operand type, with the sign of a (-7 % 3 is -1).',
    nulls: 'null when either side is null, and when b is 0 (as Spark and DuckDB).',
  },
  {
    syntax: 'a = b, a != b, a < b, a <= b, a > b, a >= b (also == and <>)',
    doc: 'Comparison of numbers (widened), texts (by UTF-8 bytes: \'B\' < \'a\'), booleans, dates and timestamps. A text literal meeting a date or timestamp is read as one (ts >= \'2024-01-31\'). Comparisons do not chain.',
    nulls: 'null when either side is null. NaN equals NaN and is above every number, as Spark and DuckDB.',
  },
  {
    syntax: 'a and b, a or b, not a',
    doc: 'Boolean logic.',
    nulls: 'Three-valued, as SQL: false and null is false, true or null is true, not null is null.',
  },
  {
    syntax: 'x is null, x is not null',
    doc: 'Whether x is null.',
    nulls: 'Never null. NaN is a value: NaN is null is false.',
  },
  {
    syntax: 'x in (a, b, ...), x not in (...)',
    doc: 'Whether x equals one of the list, each compared with =.',
    nulls: 'As SQL: x in (2, null) is null when x is not 2; a null x gives null.',
  },
  {
    syntax: 'x between low and high, x not between ...',
    doc: 'low <= x and x <= high (both ends included).',
    nulls: 'As that and/or of comparisons; NaN is above every number, so NaN between 0 and 1 is false.',
  },
  {
    syntax: 'case when c1 then v1 [when ...] [else v] end',
    doc: 'The value of the first branch whose condition is true, in the branches\' common type.',
    nulls: 'A null condition is not true; with no branch true and no else, null.',
  },
  {
    syntax: 'cast(x as type)',
    doc: 'Conversion to int32, int64, float64, bool, string, date or timestamp. Texts are trimmed; \'t\', \'true\', \'y\', \'yes\', \'1\' (and f/false/n/no/0) read as bool; \'NaN\' and \'Infinity\' read as floats; floats print as Spark prints them (1.0E7).',
    nulls: 'null gives null; a text that does not parse gives null; NaN cast to an integer is 0.',
    differs: 'As Spark: a float to an integer truncates toward zero and saturates, int64 to int32 wraps. DuckDB rounds to nearest (cast(2.7 as int) is 3) and raises an error for unparsable text and out-of-range values.',
  },
];
