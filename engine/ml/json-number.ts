// Numbers in JSON (which has no NaN or Infinity): fitted models and statistics cross threads as
// JSON, so their non-finite values travel as strings.

export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

export function toJsonNumber(x: number): JsonNumber {
  if (Number.isFinite(x)) return x;
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

export function fromJsonNumber(x: JsonNumber): number {
  return typeof x === 'number' ? x : Number(x);
}
