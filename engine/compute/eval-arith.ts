// + - * / % and unary minus. Operands are widened to the node's type; integer arithmetic wraps
// (Spark non-ANSI); division or modulo by zero gives null; anything with null is null.

import type { BinaryOp } from '../logical/expr.ts';
import type { Col, ColType } from './column.ts';
import { mergeValid } from './column.ts';
import { coerce } from './eval-common.ts';

export function arithmetic(op: BinaryOp, a0: Col, b0: Col, t: ColType): Col {
  const n = a0.length;
  if (t === 'date') return dateShift(op, a0, b0);
  if (t === 'null') return { type: 'null', length: n, valid: new Uint8Array(n) };
  const a = coerce(a0, t); const b = coerce(b0, t);
  if (a.type === 'null' || b.type === 'null') return { type: t, length: n, valid: new Uint8Array(n), values: t === 'int64' ? new BigInt64Array(n) : t === 'float64' ? new Float64Array(n) : new Int32Array(n) };
  let valid = mergeValid(a.valid, b.valid, n);
  const divides = op === '/' || op === '%';
  if (divides) {
    // x / 0 and x % 0 are null.
    const bv = b.values!;
    let zero = false;
    for (let i = 0; i < n; i++) if (bv[i] == 0) { zero = true; break; } // eslint-disable-line eqeqeq
    if (zero) {
      const v = valid ? valid.slice() : new Uint8Array(n).fill(1);
      for (let i = 0; i < n; i++) if (bv[i] == 0) v[i] = 0; // eslint-disable-line eqeqeq
      valid = v;
    }
  }
  if (t === 'float64') {
    const x = a.values as Float64Array; const y = b.values as Float64Array; const o = new Float64Array(n);
    switch (op) {
      case '+': for (let i = 0; i < n; i++) o[i] = x[i]! + y[i]!; break;
      case '-': for (let i = 0; i < n; i++) o[i] = x[i]! - y[i]!; break;
      case '*': for (let i = 0; i < n; i++) o[i] = x[i]! * y[i]!; break;
      case '/': for (let i = 0; i < n; i++) o[i] = x[i]! / y[i]!; break;
      case '%': for (let i = 0; i < n; i++) o[i] = x[i]! % y[i]!; break;
      default: throw new Error(`not arithmetic: ${op}`);
    }
    return { type: t, length: n, valid, values: o };
  }
  if (t === 'int32') {
    const x = a.values as Int32Array; const y = b.values as Int32Array; const o = new Int32Array(n);
    switch (op) {
      case '+': for (let i = 0; i < n; i++) o[i] = (x[i]! + y[i]!) | 0; break;
      case '-': for (let i = 0; i < n; i++) o[i] = (x[i]! - y[i]!) | 0; break;
      case '*': for (let i = 0; i < n; i++) o[i] = Math.imul(x[i]!, y[i]!); break;
      case '/': for (let i = 0; i < n; i++) { const d = y[i]!; o[i] = d === 0 ? 0 : (x[i]! / d) | 0; } break;
      case '%': for (let i = 0; i < n; i++) { const d = y[i]!; o[i] = d === 0 ? 0 : (x[i]! % d) | 0; } break;
      default: throw new Error(`not arithmetic: ${op}`);
    }
    return { type: t, length: n, valid, values: o };
  }
  if (t === 'int64') {
    const x = a.values as BigInt64Array; const y = b.values as BigInt64Array; const o = new BigInt64Array(n);
    switch (op) {
      case '+': for (let i = 0; i < n; i++) o[i] = BigInt.asIntN(64, x[i]! + y[i]!); break;
      case '-': for (let i = 0; i < n; i++) o[i] = BigInt.asIntN(64, x[i]! - y[i]!); break;
      case '*': for (let i = 0; i < n; i++) o[i] = BigInt.asIntN(64, x[i]! * y[i]!); break;
      case '/': for (let i = 0; i < n; i++) { const d = y[i]!; o[i] = d === 0n ? 0n : BigInt.asIntN(64, x[i]! / d); } break;
      case '%': for (let i = 0; i < n; i++) { const d = y[i]!; o[i] = d === 0n ? 0n : x[i]! % d; } break;
      default: throw new Error(`not arithmetic: ${op}`);
    }
    return { type: t, length: n, valid, values: o };
  }
  throw new Error(`arithmetic '${op}' is not defined for ${t}`);
}

/** date + int, int + date, date - int: days. */
function dateShift(op: BinaryOp, a: Col, b: Col): Col {
  const n = a.length;
  const dateLeft = a.type === 'date';
  const d = dateLeft ? a : b; const k = coerce(dateLeft ? b : a, 'int32');
  if (op !== '+' && !(op === '-' && dateLeft)) throw new Error(`date arithmetic supports date + days and date - days, not '${op}'`);
  const sign = op === '-' ? -1 : 1;
  const dv = d.values as Int32Array; const kv = k.values as Int32Array; const o = new Int32Array(n);
  for (let i = 0; i < n; i++) o[i] = dv[i]! + sign * kv[i]!;
  return { type: 'date', length: n, valid: mergeValid(d.valid, k.valid, n), values: o };
}

export function negate(a: Col): Col {
  const n = a.length; const v = a.values!;
  if (v instanceof BigInt64Array) { const o = new BigInt64Array(n); for (let i = 0; i < n; i++) o[i] = BigInt.asIntN(64, -v[i]!); return { ...a, values: o }; }
  if (v instanceof Float64Array) { const o = new Float64Array(n); for (let i = 0; i < n; i++) o[i] = -v[i]!; return { ...a, values: o }; }
  if (a.type === 'null') return a;
  const o = new Int32Array(n); const s = v as Int32Array;
  for (let i = 0; i < n; i++) o[i] = -s[i]! | 0;
  return { ...a, values: o };
}
