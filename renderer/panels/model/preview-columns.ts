// Columns of a preview (rows of JSON cells, main/api.ts Cell) as typed arrays for the drawings:
// numbers as Float64Array with NaN for null (int64 beyond 2^53 arrives as a decimal string).

import type { Cell, PreviewResult } from '../../../main/api.ts';

export function columnIndex(result: Pick<PreviewResult, 'schema'>, name: string): number {
  return result.schema.fields.findIndex((f) => f.name === name);
}

function toNumber(c: Cell | undefined): number {
  if (typeof c === 'number') return c;
  if (typeof c === 'boolean') return c ? 1 : 0;
  if (typeof c === 'string' && c.trim() !== '') return Number(c);
  return Number.NaN;
}

/** A numeric column; undefined when the preview has no column of that name. */
export function numberColumn(result: Pick<PreviewResult, 'schema' | 'rows'>, name: string): Float64Array | undefined {
  const at = columnIndex(result, name);
  if (at < 0) return undefined;
  const out = new Float64Array(result.rows.length);
  for (let i = 0; i < out.length; i++) out[i] = toNumber(result.rows[i]![at]);
  return out;
}

/** Element `element` of a vector column (NaN where the vector is null or shorter). */
export function vectorElement(result: Pick<PreviewResult, 'schema' | 'rows'>, name: string, element: number): Float64Array | undefined {
  const at = columnIndex(result, name);
  if (at < 0) return undefined;
  const out = new Float64Array(result.rows.length);
  for (let i = 0; i < out.length; i++) {
    const v = result.rows[i]![at];
    out[i] = Array.isArray(v) && element < v.length ? toNumber(v[element] as number) : Number.NaN;
  }
  return out;
}
