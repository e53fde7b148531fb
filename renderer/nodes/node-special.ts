// What a node kind may add to the catalog-driven generic card and inspector: a one-line
// summary for its card, and the params a freshly added node starts with.

export interface NodeSpecial {
  /** One line on the card saying what this node does, from its params. */
  readonly summary?: (params: Readonly<Record<string, unknown>>) => string;
  /** Params a new node gets beyond the catalog defaults, so it is useful (or clearly incomplete) at once. */
  readonly initialParams?: () => Record<string, unknown>;
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
}

export function list(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A records element as an object, also when written as a bare string (the catalog's `shorthand`). */
export function rec(v: unknown, shorthand = 'column'): Record<string, unknown> {
  return typeof v === 'string' ? { [shorthand]: v } : typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}
