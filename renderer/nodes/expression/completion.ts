// What the expression editor offers at the caret: the identifier being typed and the columns and
// functions that start with it (columns first: they are what an expression is mostly about).

import type { FunctionInfo, Schema } from '../../../main/api.ts';

export interface Suggestion {
  readonly kind: 'column' | 'function';
  readonly name: string;
  /** The column's type, or the function's usage. */
  readonly detail: string;
  /** The function's one-line description. */
  readonly doc?: string;
  /** What replaces the typed word: the name, and `(` after a function. */
  readonly insert: string;
}

/** The identifier that ends at `caret`: where it starts and what has been typed of it. */
export function wordAt(text: string, caret: number): { start: number; prefix: string } {
  let start = caret;
  while (start > 0 && /[\w]/.test(text[start - 1]!)) start--;
  return { start, prefix: text.slice(start, caret) };
}

/** Whether the caret sits inside a quoted text literal (no completion there). */
export function inQuotes(text: string, caret: number): boolean {
  let open = false;
  for (let i = 0; i < caret; i++) if (text[i] === "'") open = !open;
  return open;
}

export function suggest(prefix: string, schema: Schema | undefined, functions: readonly FunctionInfo[], limit = 12): Suggestion[] {
  const p = prefix.toLowerCase();
  const starts = (name: string) => name.toLowerCase().startsWith(p);
  const columns: Suggestion[] = (schema?.fields ?? []).filter((f) => starts(f.name))
    .map((f) => ({ kind: 'column', name: f.name, detail: f.type, insert: /^[A-Za-z_]\w*$/.test(f.name) ? f.name : `"${f.name}"` }));
  const fns: Suggestion[] = functions.filter((f) => starts(f.name))
    .map((f) => ({ kind: 'function', name: f.name, detail: f.usage, doc: f.doc, insert: `${f.name}(` }));
  return [...columns, ...fns].slice(0, limit);
}
