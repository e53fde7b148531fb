// Typed helpers for transform.sort's keys: `desc('revenue')` is { column: 'revenue', descending: true }.

export interface SortKeyRecord { readonly column: string; readonly descending?: boolean; readonly nullsFirst?: boolean }
export type SortKeyLike = string | SortKeyRecord;

/** Smallest first; nulls first unless `nullsFirst: false` (as Spark). */
export function asc(column: string, opts: { nullsFirst?: boolean } = {}): SortKeyRecord {
  return { column, ...(opts.nullsFirst !== undefined ? { nullsFirst: opts.nullsFirst } : {}) };
}

/** Largest first; nulls last unless `nullsFirst: true` (as Spark). */
export function desc(column: string, opts: { nullsFirst?: boolean } = {}): SortKeyRecord {
  return { column, descending: true, ...(opts.nullsFirst !== undefined ? { nullsFirst: opts.nullsFirst } : {}) };
}
