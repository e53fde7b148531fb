// Hand-built checked expression trees for tests (every node carries `type`).

import type { BinaryOp, Expr, ExprType, FunctionName } from '../logical/expr.ts';
import type { DataType } from '../types.ts';

export const col = (name: string, type: ExprType): Expr => ({ kind: 'column', name, type });
export const lit = (value: null | boolean | number | bigint | string, type: ExprType): Expr => ({ kind: 'literal', value, type });
export const bin = (op: BinaryOp, left: Expr, right: Expr, type: ExprType): Expr => ({ kind: 'binary', op, left, right, type });
export const fn = (name: FunctionName, args: Expr[], type: ExprType): Expr => ({ kind: 'call', fn: name, args, type });
export const cast = (operand: Expr, to: DataType): Expr => ({ kind: 'cast', operand, to, type: to });
export const not = (operand: Expr): Expr => ({ kind: 'unary', op: 'not', operand, type: 'bool' });
export const neg = (operand: Expr): Expr => ({ kind: 'unary', op: 'neg', operand, type: operand.type });
export const isNull = (operand: Expr, negated = false): Expr => ({ kind: 'isNull', operand, negated, type: 'bool' });
export const inList = (operand: Expr, list: Expr[], negated = false): Expr => ({ kind: 'in', operand, list, negated, type: 'bool' });
export const between = (operand: Expr, low: Expr, high: Expr, negated = false): Expr => ({ kind: 'between', operand, low, high, negated, type: 'bool' });
export const caseWhen = (whens: { when: Expr; then: Expr }[], otherwise: Expr | undefined, type: ExprType): Expr =>
  (otherwise ? { kind: 'case', whens, otherwise, type } : { kind: 'case', whens, type });
