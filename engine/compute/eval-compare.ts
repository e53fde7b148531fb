// = != < <= > >= over numbers, strings (UTF-8 byte order), booleans, dates and timestamps.
// A dictionary string compared with a literal is compared once per dictionary entry and the
// answers are picked by code, so a filter on a dictionary column never touches string bytes
// per row.

import type { BinaryOp } from '../logical/expr.ts';
import type { Col } from './column.ts';
import { mergeValid } from './column.ts';
import { coerce, commonType, floatCmp } from './eval-common.ts';
import { compareBytes, rangeOf } from './strings.ts';

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

const FLIP: Record<CompareOp, CompareOp> = { '=': '=', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

export function compare(op: BinaryOp, a0: Col, b0: Col): Col {
  const n = a0.length;
  const t = commonType(a0.type, b0.type);
  if (t === 'null' || a0.type === 'null' || b0.type === 'null') return { type: 'bool', length: n, valid: new Uint8Array(n), values: new Uint8Array(n) };
  const a = coerce(a0, t); const b = coerce(b0, t);
  const valid = mergeValid(a.valid, b.valid, n);
  const cmp = new Int8Array(n);
  if (t === 'string') {
    if (a.codes && b.scalar && b.codes) return viaDictionary(op as CompareOp, a, b);
    if (b.codes && a.scalar && a.codes) return viaDictionary(FLIP[op as CompareOp], b, a);
    for (let i = 0; i < n; i++) {
      const [ab, as, ae] = rangeOf(a, i); const [bb, bs, be] = rangeOf(b, i);
      cmp[i] = Math.sign(compareBytes(ab, as, ae, bb, bs, be));
    }
  } else {
    const x = a.values!; const y = b.values!;
    if (x instanceof Float64Array || x instanceof Int32Array) {
      const direct = compareNumbers(op as CompareOp, x, y as Float64Array | Int32Array, b.scalar === true, a.scalar === true);
      return { type: 'bool', length: n, valid, values: direct };
    }
    if (x instanceof Float64Array) {
      const yy = y as Float64Array;
      for (let i = 0; i < n; i++) cmp[i] = floatCmp(x[i]!, yy[i]!);
    } else if (x instanceof BigInt64Array) {
      const yy = y as BigInt64Array;
      for (let i = 0; i < n; i++) { const p = x[i]!; const q = yy[i]!; cmp[i] = p < q ? -1 : p > q ? 1 : 0; }
    } else {
      const xx = x as unknown as Int32Array; const yy = y as unknown as Int32Array;
      for (let i = 0; i < n; i++) { const p = xx[i]!; const q = yy[i]!; cmp[i] = p < q ? -1 : p > q ? 1 : 0; }
    }
  }
  return { type: 'bool', length: n, valid, values: applyOp(op as CompareOp, cmp) };
}

/** Numbers compared straight into the result (no three-way intermediate). NaN equals NaN and is
 *  above every number (floatCmp): with a literal c that is not NaN, `x > c` is `!(x <= c)`.
 *  `yScalar` / `xScalar`: that side is a broadcast literal, read once. */
function compareNumbers(op: CompareOp, x: Float64Array | Int32Array, y: Float64Array | Int32Array, yScalar: boolean, xScalar: boolean): Uint8Array {
  const n = x.length; const o = new Uint8Array(n);
  if (yScalar && !xScalar && y.length > 0 && y[0] === y[0]) {
    const c = y[0]!;
    switch (op) {
      case '=': for (let i = 0; i < n; i++) o[i] = +(x[i]! === c); break;
      case '!=': for (let i = 0; i < n; i++) o[i] = +(x[i]! !== c); break;
      case '<': for (let i = 0; i < n; i++) o[i] = +(x[i]! < c); break;
      case '<=': for (let i = 0; i < n; i++) o[i] = +(x[i]! <= c); break;
      case '>': for (let i = 0; i < n; i++) o[i] = +!(x[i]! <= c); break;
      case '>=': for (let i = 0; i < n; i++) o[i] = +!(x[i]! < c); break;
    }
    return o;
  }
  if (x instanceof Int32Array && y instanceof Int32Array) {
    switch (op) {
      case '=': for (let i = 0; i < n; i++) o[i] = +(x[i]! === y[i]!); break;
      case '!=': for (let i = 0; i < n; i++) o[i] = +(x[i]! !== y[i]!); break;
      case '<': for (let i = 0; i < n; i++) o[i] = +(x[i]! < y[i]!); break;
      case '<=': for (let i = 0; i < n; i++) o[i] = +(x[i]! <= y[i]!); break;
      case '>': for (let i = 0; i < n; i++) o[i] = +(x[i]! > y[i]!); break;
      case '>=': for (let i = 0; i < n; i++) o[i] = +(x[i]! >= y[i]!); break;
    }
    return o;
  }
  const cmp = new Int8Array(n);
  for (let i = 0; i < n; i++) cmp[i] = floatCmp(x[i]!, y[i]!);
  return applyOp(op, cmp);
}

function applyOp(op: CompareOp, cmp: Int8Array): Uint8Array {
  const n = cmp.length; const o = new Uint8Array(n);
  switch (op) {
    case '=': for (let i = 0; i < n; i++) o[i] = cmp[i] === 0 ? 1 : 0; break;
    case '!=': for (let i = 0; i < n; i++) o[i] = cmp[i] !== 0 ? 1 : 0; break;
    case '<': for (let i = 0; i < n; i++) o[i] = cmp[i]! < 0 ? 1 : 0; break;
    case '<=': for (let i = 0; i < n; i++) o[i] = cmp[i]! <= 0 ? 1 : 0; break;
    case '>': for (let i = 0; i < n; i++) o[i] = cmp[i]! > 0 ? 1 : 0; break;
    case '>=': for (let i = 0; i < n; i++) o[i] = cmp[i]! >= 0 ? 1 : 0; break;
  }
  return o;
}

function viaDictionary(op: CompareOp, a: Col, lit: Col): Col {
  const dict = a.dict!; const m = dict.length;
  const [lb, ls, le] = rangeOf(lit.dict!, 0);
  const dcmp = new Int8Array(m);
  for (let k = 0; k < m; k++) {
    const [db, ds, de] = rangeOf(dict, k);
    dcmp[k] = Math.sign(compareBytes(db, ds, de, lb, ls, le));
  }
  const dres = applyOp(op, dcmp);
  const codes = a.codes!; const n = a.length;
  const o = new Uint8Array(n);
  for (let i = 0; i < n; i++) o[i] = dres[codes[i]!]!;
  let valid = a.valid;
  if (dict.valid) {
    valid = new Uint8Array(n);
    for (let i = 0; i < n; i++) valid[i] = (a.valid ? a.valid[i]! : 1) & dict.valid[codes[i]!]!;
  }
  return { type: 'bool', length: n, valid, values: o };
}
