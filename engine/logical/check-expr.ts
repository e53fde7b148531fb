// The expression type checker: resolves columns against the input schema and returns a copy of the
// tree in which every node carries `type`. Rules (docs/pipeline-format.md "Types" and "Expressions"):
// - numbers widen int32 < int64 < float64; `/` is always float64 (as Spark); `%` and the rest keep the
//   wider operand type. Mixed column types are left to the evaluator, which reads child types;
//   literals are retyped to the type they meet (so `amount > 10` compares float64 with float64).
// - `null` takes the type of its context (`coalesce(x, null)`, `case ... else null`); a text literal
//   meeting a date or timestamp becomes `cast('2024-01-31' as date)`.
// - comparisons need compatible types; `+` does not join text (use concat); and/or/not need bool.
// Three-valued logic is the evaluator's business; here a bool-or-null operand is accepted.
// All problems are collected; each names the node, the param and the span.

import type { Expr, ExprType, Literal, Span } from './expr.ts';
import type { PipelineIssue } from '../errors.ts';
import type { Schema } from '../types.ts';
import { didYouMean } from '../document/closest.ts';
import { FUNCTIONS } from './function-catalog.ts';
import {
  ARG_CLASS_TEXT, argClassAccepts, canCast, castAdvice, commonType, integerLiteralType,
  isNumericType, isTemporalText,
} from './expr-types.ts';

export interface CheckWhere {
  readonly nodeId: string; readonly kind: string; readonly param: string;
  /** The part of the node the expression belongs to, e.g. `column 'month'` of a derive. */
  readonly subject?: string;
}

const COMPARISON = new Set(['=', '!=', '<', '<=', '>', '>=']);

function isTextLiteral(e: Expr): e is Literal & { value: string } {
  return e.kind === 'literal' && typeof e.value === 'string';
}

/** `e` (already checked) adapted to type `t`: null and number literals take it, text literals
 *  become a cast to date/timestamp, null-typed branches are retyped throughout. */
export function retype(e: Expr, t: ExprType): Expr {
  if (e.type === t || t === 'null') return e;
  if (e.kind === 'literal') {
    if (e.type === 'null') return { ...e, type: t };
    if (isNumericType(e.type!) && isNumericType(t) && commonType(e.type!, t) === t) return { ...e, type: t };
    if (isTextLiteral(e) && (t === 'date' || t === 'timestamp')) return { kind: 'cast', operand: e, to: t, type: t, ...(e.span ? { span: e.span } : {}) };
    return e;
  }
  if (e.type !== 'null') return e;
  switch (e.kind) {
    case 'case':
      return { ...e, type: t, whens: e.whens.map((w) => ({ when: w.when, then: retype(w.then, t) })),
        ...(e.otherwise ? { otherwise: retype(e.otherwise, t) } : {}) };
    case 'call':
      return { ...e, type: t, args: e.args.map((a, i) => (e.fn === 'if' && i === 0 ? a : retype(a, t))) };
    case 'binary': case 'unary':
      return e.kind === 'binary' ? { ...e, type: t, left: retype(e.left, t), right: retype(e.right, t) }
        : { ...e, type: t, operand: retype(e.operand, t) };
    default: return e;
  }
}

/** The common type of checked expressions, letting text literals meet dates and timestamps. */
function unifiedType(exprs: readonly Expr[]): ExprType | undefined {
  let all: ExprType | undefined = 'null';
  for (const e of exprs) all = all === undefined ? undefined : commonType(all, e.type!);
  if (all !== undefined) return all;
  let rest: ExprType | undefined = 'null';
  for (const e of exprs) if (!isTextLiteral(e)) rest = rest === undefined ? undefined : commonType(rest, e.type!);
  if (rest !== 'date' && rest !== 'timestamp') return undefined;
  return exprs.every((e) => !isTextLiteral(e) || isTemporalText(e.value, rest)) ? rest : undefined;
}

class Checker {
  readonly issues: PipelineIssue[] = [];
  private readonly input: Schema;
  private readonly where: CheckWhere;
  constructor(input: Schema, where: CheckWhere) { this.input = input; this.where = where; }

  private get at(): string {
    const node = `${this.where.kind} '${this.where.nodeId}'`;
    return this.where.subject ? `${this.where.subject} of ${node}` : node;
  }

  private fail(span: Span | undefined, message: string): undefined {
    const { nodeId, kind, param } = this.where;
    this.issues.push({ nodeId, kind, param, message, ...(span ? { span } : {}) });
    return undefined;
  }

  check(e: Expr): Expr | undefined {
    switch (e.kind) {
      case 'column': return this.column(e);
      case 'literal': return { ...e, type: this.literalType(e) };
      case 'binary': return this.binary(e);
      case 'unary': {
        const operand = this.check(e.operand);
        if (!operand) return undefined;
        if (e.op === 'not') {
          if (operand.type !== 'bool' && operand.type !== 'null') {
            return this.fail(e.span, `'not' needs a bool (true/false) operand, got ${operand.type} in ${this.at}: compare it first, e.g. not (x > 0)`);
          }
          return { ...e, operand: retype(operand, 'bool'), type: 'bool' };
        }
        if (!isNumericType(operand.type!) && operand.type !== 'null') {
          return this.fail(e.span, `unary minus needs a number, got ${operand.type} in ${this.at}`);
        }
        return { ...e, operand, type: operand.type! };
      }
      case 'isNull': {
        const operand = this.check(e.operand);
        return operand && { ...e, operand, type: 'bool' };
      }
      case 'in': {
        const operand = this.check(e.operand);
        const list = e.list.map((x) => this.check(x));
        if (!operand || list.some((x) => !x)) return undefined;
        const items = [operand, ...(list as Expr[])];
        const t = unifiedType(items);
        if (t === undefined || t === 'vector') {
          const bad = (list as Expr[]).find((x) => commonType(operand.type!, x.type!) === undefined) ?? operand;
          return this.fail(bad.span, `'in' list value of type ${bad.type} does not match ${operand.type} in ${this.at}: every value must be comparable with the left side`);
        }
        return { ...e, operand: retype(operand, t), list: (list as Expr[]).map((x) => retype(x, t)), type: 'bool' };
      }
      case 'between': {
        const [operand, low, high] = [this.check(e.operand), this.check(e.low), this.check(e.high)];
        if (!operand || !low || !high) return undefined;
        const t = unifiedType([operand, low, high]);
        if (t === undefined || t === 'vector') {
          return this.fail(e.span, `'between' needs comparable types, got ${operand.type} between ${low.type} and ${high.type} in ${this.at}: cast the bounds to ${operand.type}`);
        }
        return { ...e, operand: retype(operand, t), low: retype(low, t), high: retype(high, t), type: 'bool' };
      }
      case 'case': return this.caseExpr(e);
      case 'call': return this.call(e);
      case 'cast': {
        const operand = this.check(e.operand);
        if (!operand) return undefined;
        if (!canCast(operand.type!, e.to)) {
          return this.fail(e.span, `cannot cast ${operand.type} to ${e.to} in ${this.at}: ${castAdvice(operand.type!, e.to)}`);
        }
        if (isTextLiteral(operand) && (e.to === 'date' || e.to === 'timestamp') && !isTemporalText(operand.value, e.to)) {
          const example = e.to === 'date' ? "'2024-01-31'" : "'2024-01-31 13:45:00'";
          return this.fail(operand.span, `'${operand.value}' is not a valid ${e.to} in ${this.at}: write it as ${example}`);
        }
        return { ...e, operand, type: e.to };
      }
    }
  }

  private column(e: Expr & { kind: 'column' }): Expr | undefined {
    const field = this.input.fields.find((f) => f.name === e.name);
    if (field) return { ...e, type: field.type };
    const names = this.input.fields.map((f) => f.name);
    const hint = didYouMean(e.name, names, names.length ? `: the columns are ${names.join(', ')}` : ': the input has no columns');
    return this.fail(e.span, `unknown column '${e.name}' in ${this.at}${hint}`);
  }

  private literalType(e: Literal): ExprType {
    if (e.type) return e.type;
    const v = e.value;
    if (v === null) return 'null';
    if (typeof v === 'boolean') return 'bool';
    if (typeof v === 'string') return 'string';
    if (typeof v === 'bigint') return 'int64';
    return Number.isInteger(v) ? integerLiteralType(v) : 'float64';
  }

  private binary(e: Expr & { kind: 'binary' }): Expr | undefined {
    const left = this.check(e.left);
    const right = this.check(e.right);
    if (!left || !right) return undefined;
    const [lt, rt] = [left.type!, right.type!];
    if (e.op === 'and' || e.op === 'or') {
      const bad = [left, right].find((x) => x.type !== 'bool' && x.type !== 'null');
      if (bad) {
        return this.fail(bad.span, `'${e.op}' needs bool (true/false) operands, got ${bad.type} in ${this.at}: compare it first, e.g. x > 0`);
      }
      return { ...e, left: retype(left, 'bool'), right: retype(right, 'bool'), type: 'bool' };
    }
    if (COMPARISON.has(e.op)) {
      const t = unifiedType([left, right]);
      if (t === undefined || t === 'vector') {
        const advice = t === 'vector' ? 'vectors cannot be compared' : `cast one side, e.g. cast(x as ${lt === 'string' ? rt : lt})`;
        return this.fail(e.span, `cannot compare ${lt} with ${rt} using '${e.op}' in ${this.at}: ${advice}`);
      }
      return { ...e, left: retype(left, t), right: retype(right, t), type: 'bool' };
    }
    // Arithmetic.
    const bad = [left, right].find((x) => !isNumericType(x.type!) && x.type !== 'null');
    if (bad) {
      const advice = e.op === '+' && (lt === 'string' || rt === 'string') ? 'use concat(a, b) to join text'
        : bad.type === 'string' ? `cast it to a number, e.g. cast(x as float64)` : 'arithmetic works on int32, int64 and float64';
      return this.fail(e.span, `operator '${e.op}' needs numbers, got ${lt} and ${rt} in ${this.at}: ${advice}`);
    }
    const t = commonType(lt, rt)!;
    const type: ExprType = e.op === '/' ? 'float64' : t;
    return { ...e, left: retype(left, t), right: retype(right, t), type };
  }

  private caseExpr(e: Expr & { kind: 'case' }): Expr | undefined {
    const whens = e.whens.map((w) => ({ when: this.check(w.when), then: this.check(w.then) }));
    const otherwise = e.otherwise && this.check(e.otherwise);
    if (whens.some((w) => !w.when || !w.then) || (e.otherwise && !otherwise)) return undefined;
    let ok = true;
    for (const w of whens) {
      if (w.when!.type !== 'bool' && w.when!.type !== 'null') {
        ok = !!this.fail(w.when!.span, `'when' needs a bool (true/false) condition, got ${w.when!.type} in ${this.at}: compare it, e.g. when x > 0`);
      }
    }
    const values = [...whens.map((w) => w.then!), ...(otherwise ? [otherwise] : [])];
    const t = unifiedType(values);
    if (t === undefined) {
      return this.fail(e.span, `case branches have types ${values.map((v) => v.type).join(', ')} that do not mix in ${this.at}: cast them to one type`);
    }
    if (!ok) return undefined;
    return {
      ...e, type: t,
      whens: whens.map((w) => ({ when: retype(w.when!, 'bool'), then: retype(w.then!, t) })),
      ...(otherwise ? { otherwise: retype(otherwise, t) } : {}),
    };
  }

  private call(e: Expr & { kind: 'call' }): Expr | undefined {
    const sig = FUNCTIONS[e.fn];
    const checked = e.args.map((a) => this.check(a));
    if (e.args.length < sig.minArgs || e.args.length > sig.maxArgs) {
      const count = sig.maxArgs === Infinity ? `at least ${sig.minArgs}` : sig.minArgs === sig.maxArgs ? `${sig.minArgs}` : `${sig.minArgs} to ${sig.maxArgs}`;
      return this.fail(e.span, `${e.fn} takes ${count} argument${count === '1' ? '' : 's'}, got ${e.args.length} in ${this.at}: write ${sig.usage}`);
    }
    if (checked.some((a) => !a)) return undefined;
    let args = checked as Expr[];
    let ok = true;
    args.forEach((a, i) => {
      const cls = sig.args[Math.min(i, sig.args.length - 1)]!;
      if (!argClassAccepts(cls, a.type!)) {
        const hint = cls === 'string' ? `, e.g. cast(x as string)` : cls === 'temporal' || cls === 'timestamp' ? `, e.g. cast(x as ${cls === 'timestamp' ? 'timestamp' : 'date'})` : '';
        ok = !!this.fail(a.span, `argument ${i + 1} of ${e.fn} must be ${ARG_CLASS_TEXT[cls]}, got ${a.type} in ${this.at}: write ${sig.usage}${hint}`);
      }
    });
    if (!ok) return undefined;
    let type: ExprType;
    if (sig.result === 'unify') {
      const from = sig.unify === 'from1' ? 1 : 0;
      const t = unifiedType(args.slice(from));
      if (t === undefined) {
        return this.fail(e.span, `${e.fn} arguments have types ${args.slice(from).map((a) => a.type).join(', ')} that do not mix in ${this.at}: cast them to one type`);
      }
      args = args.map((a, i) => (i < from ? retype(a, 'bool') : retype(a, t)));
      type = t;
    } else if (sig.result === 'same') {
      type = args[0]!.type!;
      args = args.map((a, i) => (i === 0 ? a : retype(a, 'int32')));
    } else if (sig.result === 'integral') {
      type = args[0]!.type === 'null' ? 'null' : args[0]!.type === 'float64' ? 'int64' : args[0]!.type!;
      if (type === 'int32') type = 'int64';
    } else {
      type = sig.result;
      args = args.map((a, i) => retype(a, argTarget(sig.args[Math.min(i, sig.args.length - 1)]!)));
    }
    return { ...e, args, type };
  }
}

/** The type a null argument takes in a fixed signature. */
function argTarget(c: string): ExprType {
  switch (c) {
    case 'numeric': return 'float64';
    case 'integer': return 'int32';
    case 'string': return 'string';
    case 'bool': return 'bool';
    case 'temporal': case 'timestamp': return 'timestamp';
    default: return 'null';
  }
}

/** Type-checks `e` against the input schema; every node of the returned tree has `type`. */
export function checkExpr(e: Expr, input: Schema, where: CheckWhere): { expr?: Expr; issues: PipelineIssue[] } {
  const checker = new Checker(input, where);
  const expr = checker.check(e);
  return expr && checker.issues.length === 0 ? { expr, issues: [] } : { issues: checker.issues };
}
