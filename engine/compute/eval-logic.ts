// SQL three-valued logic: false and null = false, true or null = true, not null = null;
// is [not] null; in lists and between built from = / >= / <= and the same logic.

import type { Col } from './column.ts';

function bit(c: Col, i: number): number { return (c.values as Uint8Array)[i]!; }
function ok(c: Col, i: number): number { return c.type === 'null' ? 0 : c.valid ? c.valid[i]! : 1; }

export function and(a: Col, b: Col): Col {
  const n = a.length; const o = new Uint8Array(n);
  if (!a.valid && !b.valid && a.type !== 'null' && b.type !== 'null') {
    const x = a.values as Uint8Array; const y = b.values as Uint8Array;
    for (let i = 0; i < n; i++) o[i] = x[i]! & y[i]!;
    return { type: 'bool', length: n, valid: null, values: o };
  }
  const valid = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const av = ok(a, i); const bv = ok(b, i);
    const af = av && !bit(a, i); const bf = bv && !bit(b, i);
    if (af || bf) { valid[i] = 1; o[i] = 0; } else if (av && bv) { valid[i] = 1; o[i] = 1; }
  }
  return { type: 'bool', length: n, valid, values: o };
}

export function or(a: Col, b: Col): Col {
  const n = a.length; const o = new Uint8Array(n);
  if (!a.valid && !b.valid && a.type !== 'null' && b.type !== 'null') {
    const x = a.values as Uint8Array; const y = b.values as Uint8Array;
    for (let i = 0; i < n; i++) o[i] = x[i]! | y[i]!;
    return { type: 'bool', length: n, valid: null, values: o };
  }
  const valid = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const av = ok(a, i); const bv = ok(b, i);
    const at = av && bit(a, i); const bt = bv && bit(b, i);
    if (at || bt) { valid[i] = 1; o[i] = 1; } else if (av && bv) { valid[i] = 1; o[i] = 0; }
  }
  return { type: 'bool', length: n, valid, values: o };
}

export function not(a: Col): Col {
  const n = a.length;
  if (a.type === 'null') return { type: 'bool', length: n, valid: new Uint8Array(n), values: new Uint8Array(n) };
  const x = a.values as Uint8Array; const o = new Uint8Array(n);
  for (let i = 0; i < n; i++) o[i] = x[i]! ^ 1;
  return { type: 'bool', length: n, valid: a.valid, values: o };
}

export function isNull(a: Col, negated: boolean): Col {
  const n = a.length; const o = new Uint8Array(n);
  for (let i = 0; i < n; i++) o[i] = (ok(a, i) ? 0 : 1) ^ (negated ? 1 : 0);
  return { type: 'bool', length: n, valid: null, values: o };
}

/** Rows where a condition is true (not false, not null): the selection vector of a filter. */
export function selection(c: Col): Int32Array {
  const n = c.length;
  if (c.type === 'null') return new Int32Array(0);
  const x = c.values as Uint8Array; const v = c.valid;
  let count = 0;
  if (v) for (let i = 0; i < n; i++) count += x[i]! & v[i]!;
  else for (let i = 0; i < n; i++) count += x[i]!;
  const sel = new Int32Array(count);
  let j = 0;
  if (v) { for (let i = 0; i < n; i++) if (x[i]! & v[i]!) sel[j++] = i; }
  else { for (let i = 0; i < n; i++) if (x[i]) sel[j++] = i; }
  return sel;
}
