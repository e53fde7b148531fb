// How exported TypeScript looks: Prettier's defaults (width 100 here, 2 spaces, single quotes
// unless the text holds more single than double quotes, trailing commas) and variable names made
// from node ids.

import type { CodeStyle } from '../code.ts';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function quote(text: string): string {
  const singles = (text.match(/'/g) ?? []).length;
  const doubles = (text.match(/"/g) ?? []).length;
  const q = singles > doubles ? '"' : "'";
  // JSON escaping handles backslashes, control characters and line separators; then swap quotes.
  const body = JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"');
  return `${q}${q === "'" ? body.replace(/'/g, "\\'") : body.replace(/"/g, '\\"')}${q}`;
}

export const TS_STYLE: CodeStyle = {
  width: 100,
  indent: '  ',
  key: (name) => (IDENTIFIER.test(name) ? name : quote(name)),
  string: quote,
  scalar: (v) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    return String(v);
  },
  trailingComma: true,
  objectPadding: true,
  objectOpen: '{',
  objectClose: '}',
  keySeparator: ': ',
};

const RESERVED = new Set((
  'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
  'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
  'yield let static implements interface package private protected public await async of undefined NaN Infinity ' +
  'arguments eval process console import globalThis'
).split(' '));

/** Variable names for node ids: the id with '-' as '_', never a reserved word nor a name taken. */
export class VariableNames {
  private readonly taken: Set<string>;
  private readonly byId = new Map<string, string>();

  constructor(taken: Iterable<string>) {
    this.taken = new Set(taken);
  }

  of(id: string): string {
    const known = this.byId.get(id);
    if (known) return known;
    let name = id.replace(/-/g, '_');
    while (RESERVED.has(name) || this.taken.has(name)) name = `${name}_`;
    this.taken.add(name);
    this.byId.set(id, name);
    return name;
  }
}

export { quote as tsString };
