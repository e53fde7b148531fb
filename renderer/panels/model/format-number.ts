// Numbers of fitted models as people read them (tables, node cards).

/** A number as a person reads it: up to 6 significant digits, exponent only when very large or small. */
export function formatNumber(v: number | string | null): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toLocaleString('en-US');
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e15)) return v.toExponential(4);
  return Number(v.toPrecision(6)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}
