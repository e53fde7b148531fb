// Numeric functions (abs round floor ceil sqrt exp ln log10 pow) and date parts
// (year month day hour). Spark semantics (docs/expression-semantics.md): ln/log10 of x <= 0 is
// null and of NaN is NaN; sqrt of a negative number is NaN; round is half away from zero;
// floor/ceil follow the node's type.

import type { Col, ColType } from './column.ts';
import { mergeValid } from './column.ts';
import { coerce } from './eval-common.ts';
import { civilFromDays, MICROS_PER_DAY } from './dates.ts';

function floatOut(n: number, valid: Uint8Array | null, values: Float64Array): Col {
  return { type: 'float64', length: n, valid, values };
}

/** f over float64 values; rows outside `domain` (when given) become null. */
export function unaryFloat(a0: Col, f: (x: number) => number, domain?: (x: number) => boolean): Col {
  const a = coerce(a0, 'float64'); const n = a.length;
  if (a.type === 'null') return a;
  const x = a.values as Float64Array; const o = new Float64Array(n);
  let valid = a.valid;
  if (domain) {
    const v = new Uint8Array(n);
    for (let i = 0; i < n; i++) v[i] = (valid ? valid[i]! : 1) & (domain(x[i]!) ? 1 : 0);
    valid = v;
  }
  for (let i = 0; i < n; i++) o[i] = f(x[i]!);
  return floatOut(n, valid, o);
}

export function abs(a: Col): Col {
  const n = a.length; const v = a.values;
  if (v instanceof Float64Array) { const o = new Float64Array(n); for (let i = 0; i < n; i++) o[i] = Math.abs(v[i]!); return { ...a, values: o }; }
  if (v instanceof BigInt64Array) { const o = new BigInt64Array(n); for (let i = 0; i < n; i++) { const x = v[i]!; o[i] = BigInt.asIntN(64, x < 0n ? -x : x); } return { ...a, values: o }; }
  if (v instanceof Int32Array) { const o = new Int32Array(n); for (let i = 0; i < n; i++) o[i] = Math.abs(v[i]!) | 0; return { ...a, values: o }; }
  return a;
}

/** 2^52: every double this large is an integer. */
const INTEGRAL_FROM = 4_503_599_627_370_496;

/** Half away from zero at `digits` decimals, as Spark's decimal rounding: NaN and infinities stay,
 *  a zero result is +0.0 (a decimal has no negative zero), and a value with no fraction left at
 *  that precision (|x| >= 2^52, or x * 10^digits beyond the doubles) is unchanged. */
function roundHalfAway(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  if (x === 0) return 0;
  if (digits >= 0 && Math.abs(x) >= INTEGRAL_FROM) return x;
  // Scaled by an exact power of ten (10^k is exact up to k = 22), multiplied or divided.
  const scale = 10 ** Math.abs(digits);
  const y = digits >= 0 ? Math.abs(x) * scale : Math.abs(x) / scale;
  if (!Number.isFinite(y)) return x;
  // Correct for binary representation (2.675 * 100 = 267.49999...) the way decimal rounding would.
  const r = Math.round(Number(y.toPrecision(15)));
  if (r === 0) return 0;
  return Math.sign(x) * (digits >= 0 ? r / scale : r * scale);
}

export function round(a: Col, digits: Col | undefined, t: ColType): Col {
  const d = digits ? (coerce(digits, 'int32').values as Int32Array) : null;
  if (t !== 'float64') {
    // Rounding an integer to >= 0 digits changes nothing; to negative digits it rounds to tens etc.
    if (!d) return coerce(a, t);
    const f = unaryFloat(a, (x) => x);
    const x = f.values as Float64Array;
    for (let i = 0; i < a.length; i++) x[i] = roundHalfAway(x[i]!, d[i]!);
    return wrapToInt({ ...f, valid: mergeValid(f.valid, digits!.valid, a.length) }, t);
  }
  const f = unaryFloat(a, (x) => x);
  const x = f.values as Float64Array;
  for (let i = 0; i < a.length; i++) x[i] = roundHalfAway(x[i]!, d ? d[i]! : 0);
  return digits ? { ...f, valid: mergeValid(f.valid, digits.valid, a.length) } : f;
}

/** Integral float64 values (an integer column rounded to tens, hundreds...) as `t`, wrapping past
 *  its range as Spark's integer arithmetic does: round(2147483647, -1) is -2147483646. */
function wrapToInt(f: Col, t: ColType): Col {
  const x = f.values as Float64Array; const n = f.length;
  if (t === 'int32') { const o = new Int32Array(n); for (let i = 0; i < n; i++) o[i] = x[i]! | 0; return { type: t, length: n, valid: f.valid, values: o }; }
  if (t === 'int64') { const o = new BigInt64Array(n); for (let i = 0; i < n; i++) o[i] = BigInt.asIntN(64, BigInt(x[i]!)); return { type: t, length: n, valid: f.valid, values: o }; }
  return coerce(f, t);
}

export function floorCeil(a: Col, ceil: boolean, t: ColType): Col {
  if (a.type === 'int32' || a.type === 'int64') return coerce(a, t);
  const f = unaryFloat(a, ceil ? Math.ceil : Math.floor);
  return coerce(f, t);
}

export function pow(a: Col, b: Col): Col {
  const x = coerce(a, 'float64'); const y = coerce(b, 'float64'); const n = a.length;
  if (x.type === 'null' || y.type === 'null') return { type: 'float64', length: n, valid: new Uint8Array(n), values: new Float64Array(n) };
  const xv = x.values as Float64Array; const yv = y.values as Float64Array; const o = new Float64Array(n);
  for (let i = 0; i < n; i++) o[i] = xv[i]! ** yv[i]!;
  return floatOut(n, mergeValid(x.valid, y.valid, n), o);
}

export type DatePart = 'year' | 'month' | 'day' | 'hour';

export function datePart(a: Col, part: DatePart): Col {
  const n = a.length; const o = new Int32Array(n);
  if (a.type === 'null') return { type: 'int32', length: n, valid: new Uint8Array(n), values: o };
  const valid = a.valid;
  if (a.type === 'timestamp') {
    const v = a.values as BigInt64Array;
    for (let i = 0; i < n; i++) {
      if (valid && !valid[i]) continue;
      const us = Number(v[i]!);
      const day = Math.floor(us / MICROS_PER_DAY);
      if (part === 'hour') o[i] = Math.floor((us - day * MICROS_PER_DAY) / 3_600_000_000);
      else o[i] = civilFromDays(day)[part === 'year' ? 0 : part === 'month' ? 1 : 2];
    }
  } else {
    const v = coerce(a, 'date').values as Int32Array;
    if (part === 'hour') return { type: 'int32', length: n, valid, values: o };
    const k = part === 'year' ? 0 : part === 'month' ? 1 : 2;
    // Dates repeat a lot: remember the last one.
    let last = NaN; let lastPart = 0;
    for (let i = 0; i < n; i++) {
      const d = v[i]!;
      if (d !== last) { last = d; lastPart = civilFromDays(d)[k]; }
      o[i] = lastPart;
    }
  }
  return { type: 'int32', length: n, valid, values: o };
}
