// Tributary expressions (docs/pipeline-format.md, the expression language) as Spark SQL text for F.expr(...). The language
// was made after Spark SQL's non-ANSI semantics (engine/compute/eval-*.ts say so per
// operator), so with spark.sql.ansi.enabled=false most of it maps one to one; the differences
// are encoded here: a literal with a '.' is a double (Spark reads 1.5 as a DECIMAL), type names,
// function names (ln, starts_with -> startswith), and identifiers quoted with backticks.
// Every node is parenthesised by precedence as in format-expr.ts.

import type { BinaryOp, Expr } from '../../logical/expr.ts';
import type { DataType } from '../../types.ts';

const OR = 1, AND = 2, NOT = 3, COMPARE = 4, ADD = 5, MUL = 6, NEG = 7, ATOM = 8;

const LEVEL: Record<BinaryOp, number> = {
  or: OR, and: AND,
  '=': COMPARE, '!=': COMPARE, '<': COMPARE, '<=': COMPARE, '>': COMPARE, '>=': COMPARE,
  '+': ADD, '-': ADD, '*': MUL, '/': MUL, '%': MUL,
};

export const SPARK_TYPE: Readonly<Record<DataType, string>> = {
  bool: 'BOOLEAN', int32: 'INT', int64: 'BIGINT', float64: 'DOUBLE', string: 'STRING', date: 'DATE',
  timestamp: 'TIMESTAMP', vector: 'ARRAY<DOUBLE>',
};

/** Functions whose Spark name differs from ours (the others are spelled the same). */
const SPARK_FUNCTION: Readonly<Record<string, string>> = {
  starts_with: 'startswith', day: 'dayofmonth', pow: 'power',
};

const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SQL_KEYWORDS = new Set(['and', 'or', 'not', 'is', 'null', 'in', 'between', 'case', 'when', 'then', 'else',
  'end', 'cast', 'as', 'true', 'false', 'like', 'rlike', 'select', 'from', 'where', 'interval', 'div', 'exists']);

export function sqlColumn(name: string): string {
  return PLAIN.test(name) && !SQL_KEYWORDS.has(name.toLowerCase()) ? name : `\`${name.replaceAll('`', '``')}\``;
}

/** A Spark SQL string literal: quotes and backslashes escaped (Spark reads \ as an escape). */
export function sqlString(s: string): string {
  return `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function literal(e: Expr & { kind: 'literal' }): string {
  const v = e.value;
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return sqlString(v);
  if (typeof v === 'bigint') return `${v}L`;
  if (Number.isNaN(v)) return "CAST('NaN' AS DOUBLE)";
  if (!Number.isFinite(v)) return `CAST('${v > 0 ? '' : '-'}Infinity' AS DOUBLE)`;
  const text = String(v);
  if (e.type === 'float64' || !Number.isInteger(v)) return /e/i.test(text) ? text.toUpperCase() : `${text}D`;
  return Number.isSafeInteger(v) && Math.abs(v) > 2147483647 ? `${text}L` : text;
}

function levelOf(e: Expr): number {
  switch (e.kind) {
    case 'binary': return LEVEL[e.op];
    case 'unary': return e.op === 'not' ? NOT : NEG;
    case 'isNull': case 'in': case 'between': return COMPARE;
    case 'literal':
      return (typeof e.value === 'number' && (e.value < 0 || Object.is(e.value, -0))) || (typeof e.value === 'bigint' && e.value < 0n) ? NEG : ATOM;
    default: return ATOM;
  }
}

function operand(e: Expr, min: number): string {
  const text = toSparkSql(e);
  return levelOf(e) >= min ? text : `(${text})`;
}

/** The Spark SQL text of a parsed expression. */
export function toSparkSql(e: Expr): string {
  switch (e.kind) {
    case 'column': return sqlColumn(e.name);
    case 'literal': return literal(e);
    case 'binary': {
      const level = LEVEL[e.op];
      const op = e.op === 'and' ? 'AND' : e.op === 'or' ? 'OR' : e.op;
      return `${operand(e.left, level === COMPARE ? level + 1 : level)} ${op} ${operand(e.right, level + 1)}`;
    }
    case 'unary':
      if (e.op === 'not') return `NOT ${operand(e.operand, NOT)}`;
      return `-${operand(e.operand, levelOf(e.operand) === NEG ? ATOM : NEG)}`;
    case 'isNull': return `${operand(e.operand, ADD)} IS ${e.negated ? 'NOT ' : ''}NULL`;
    case 'in': return `${operand(e.operand, ADD)} ${e.negated ? 'NOT ' : ''}IN (${e.list.map(toSparkSql).join(', ')})`;
    case 'between':
      return `${operand(e.operand, ADD)} ${e.negated ? 'NOT ' : ''}BETWEEN ${operand(e.low, ADD)} AND ${operand(e.high, ADD)}`;
    case 'case': {
      const parts = ['CASE', ...e.whens.map((w) => `WHEN ${toSparkSql(w.when)} THEN ${toSparkSql(w.then)}`)];
      if (e.otherwise) parts.push(`ELSE ${toSparkSql(e.otherwise)}`);
      return [...parts, 'END'].join(' ');
    }
    case 'call': return `${SPARK_FUNCTION[e.fn] ?? e.fn}(${e.args.map(toSparkSql).join(', ')})`;
    case 'cast': return `CAST(${toSparkSql(e.operand)} AS ${SPARK_TYPE[e.to]})`;
  }
}
