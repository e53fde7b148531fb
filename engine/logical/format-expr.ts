// Expression trees back to the SQL-like text of docs/pipeline-format.md, with only the parentheses the
// precedence rules need. parseExpr(formatExpr(e)) gives back the same tree (spans and types
// aside): explain output, golden files and the code generators all print expressions this way.

import type { BinaryOp, Expr } from './expr.ts';

// Binding strength, loosest first. Comparisons, `is null`, `in` and `between` share one level
// and do not chain: an operand at that level is always parenthesised.
const OR = 1, AND = 2, NOT = 3, COMPARE = 4, ADD = 5, MUL = 6, NEG = 7, ATOM = 8;

const BINARY_LEVEL: Record<BinaryOp, number> = {
  or: OR, and: AND,
  '=': COMPARE, '!=': COMPARE, '<': COMPARE, '<=': COMPARE, '>': COMPARE, '>=': COMPARE,
  '+': ADD, '-': ADD, '*': MUL, '/': MUL, '%': MUL,
};

const KEYWORDS = new Set([
  'and', 'or', 'not', 'is', 'null', 'true', 'false', 'in', 'between', 'case', 'when', 'then',
  'else', 'end', 'cast', 'as',
]);

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A column name as the parser reads it: bare when it is a plain identifier, else "quoted". */
export function formatColumnName(name: string): string {
  if (PLAIN_NAME.test(name) && !KEYWORDS.has(name.toLowerCase())) return name;
  return `"${name.replaceAll('"', '""')}"`;
}

export function formatStringLiteral(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

function formatLiteral(value: null | boolean | number | bigint | string, type: Expr['type']): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return formatStringLiteral(value);
  if (typeof value === 'number') {
    // Non-finite values have no literal syntax; an expression that computes them does.
    if (Number.isNaN(value)) return "cast('NaN' as float64)";
    if (!Number.isFinite(value)) return value > 0 ? "cast('Infinity' as float64)" : "cast('-Infinity' as float64)";
    // A float64 literal with an integral value keeps its '.0': the parser reads `10` as an integer.
    const text = String(value);
    if (type === 'float64' && /^-?\d+$/.test(text)) return `${text}.0`;
  }
  return String(value);
}

function levelOf(e: Expr): number {
  switch (e.kind) {
    case 'binary': return BINARY_LEVEL[e.op];
    case 'unary': return e.op === 'not' ? NOT : NEG;
    case 'isNull': case 'in': case 'between': return COMPARE;
    case 'literal':
      // A negative number prints with a leading minus: bind it like a negation.
      return (typeof e.value === 'number' && (e.value < 0 || Object.is(e.value, -0))) || (typeof e.value === 'bigint' && e.value < 0n)
        ? NEG : ATOM;
    default: return ATOM;
  }
}

/** `e` printed where an operand must bind at least as tightly as `min`. */
function operand(e: Expr, min: number): string {
  const text = formatExpr(e);
  return levelOf(e) >= min ? text : `(${text})`;
}

export function formatExpr(e: Expr): string {
  switch (e.kind) {
    case 'column': return formatColumnName(e.name);
    case 'literal': return formatLiteral(e.value, e.type);
    case 'binary': {
      const level = BINARY_LEVEL[e.op];
      // Left-associative: the left operand may sit at the same level (except comparisons, which
      // do not chain); the right operand must bind tighter, or the tree would change shape.
      const leftMin = level === COMPARE ? level + 1 : level;
      return `${operand(e.left, leftMin)} ${e.op} ${operand(e.right, level + 1)}`;
    }
    case 'unary':
      if (e.op === 'not') return `not ${operand(e.operand, NOT)}`;
      // `-(-x)` and `-(-1)`: never print `--`.
      return `-${operand(e.operand, levelOf(e.operand) === NEG ? ATOM : NEG)}`;
    case 'isNull': return `${operand(e.operand, ADD)} is ${e.negated ? 'not ' : ''}null`;
    case 'in':
      return `${operand(e.operand, ADD)} ${e.negated ? 'not ' : ''}in (${e.list.map(formatExpr).join(', ')})`;
    case 'between':
      return `${operand(e.operand, ADD)} ${e.negated ? 'not ' : ''}between ${operand(e.low, ADD)} and ${operand(e.high, ADD)}`;
    case 'case': {
      const parts = ['case'];
      for (const w of e.whens) parts.push(`when ${formatExpr(w.when)} then ${formatExpr(w.then)}`);
      if (e.otherwise) parts.push(`else ${formatExpr(e.otherwise)}`);
      parts.push('end');
      return parts.join(' ');
    }
    case 'call': return `${e.fn}(${e.args.map(formatExpr).join(', ')})`;
    case 'cast': return `cast(${formatExpr(e.operand)} as ${e.to})`;
  }
}
