// A small code tree for generated scripts and the one layout all targets share: a value is printed
// on one line when it fits the width, else its elements go one per line (trailing commas in
// TypeScript), as a formatter such as Prettier would lay it out. Stable: the same tree always
// prints the same text.

export type Code =
  | { readonly kind: 'raw'; readonly text: string }
  | { readonly kind: 'array'; readonly items: readonly Code[] }
  | { readonly kind: 'object'; readonly entries: readonly (readonly [string, Code])[] };

export interface CodeStyle {
  readonly width: number;
  readonly indent: string;
  /** How an object key is written (bare identifier or quoted). */
  key(name: string): string;
  /** How a string literal is written. */
  string(text: string): string;
  /** How a number, boolean or null is written. */
  scalar(value: number | boolean | null): string;
  readonly trailingComma: boolean;
  /** Spaces inside the braces of a one-line object: `{ a: 1 }`. */
  readonly objectPadding: boolean;
  readonly objectOpen: string;
  readonly objectClose: string;
  readonly keySeparator: string;
}

export const raw = (text: string): Code => ({ kind: 'raw', text });
export const array = (items: readonly Code[]): Code => ({ kind: 'array', items });
export const object = (entries: readonly (readonly [string, Code])[]): Code => ({ kind: 'object', entries });

/** A JSON value (of a document param) as code. */
export function literal(value: unknown, style: CodeStyle): Code {
  if (typeof value === 'string') return raw(style.string(value));
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return raw(style.scalar(value));
  if (Array.isArray(value)) return array(value.map((v) => literal(v, style)));
  if (typeof value === 'object') {
    return object(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).map(([k, v]) => [k, literal(v, style)]));
  }
  throw new Error(`cannot write ${typeof value} as code`);
}

export function flat(code: Code, style: CodeStyle): string {
  switch (code.kind) {
    case 'raw': return code.text;
    case 'array': return `[${code.items.map((c) => flat(c, style)).join(', ')}]`;
    case 'object': {
      if (code.entries.length === 0) return `${style.objectOpen}${style.objectClose}`;
      const pad = style.objectPadding ? ' ' : '';
      const body = code.entries.map(([k, v]) => `${style.key(k)}${style.keySeparator}${flat(v, style)}`).join(', ');
      return `${style.objectOpen}${pad}${body}${pad}${style.objectClose}`;
    }
  }
}

/** `code` printed starting at column `column` of a line indented by `depth` levels. */
export function layout(code: Code, style: CodeStyle, column: number, depth: number, force = false): string {
  const one = flat(code, style);
  if (!force && (column + one.length <= style.width || code.kind === 'raw')) return one;
  if (code.kind === 'raw') return one;
  const inner = style.indent.repeat(depth + 1);
  const items = code.kind === 'array'
    ? code.items.map((c) => layout(c, style, inner.length, depth + 1))
    : code.entries.map(([k, v]) => {
      const head = `${style.key(k)}${style.keySeparator}`;
      return `${head}${layout(v, style, inner.length + head.length, depth + 1)}`;
    });
  const [open, close] = code.kind === 'array' ? ['[', ']'] : [style.objectOpen, style.objectClose];
  const last = style.trailingComma ? ',' : '';
  if (items.length === 0) return `${open}${close}`;
  return `${open}\n${items.map((s, i) => `${inner}${s}${i < items.length - 1 ? ',' : last}`).join('\n')}\n${style.indent.repeat(depth)}${close}`;
}

/** `head(arg, arg, ...)` + `tail`: one line when it fits, else the last object or array argument
 *  opened over several lines, else one argument per line. */
export function call(head: string, args: readonly Code[], tail: string, style: CodeStyle, depth: number): string {
  const start = style.indent.repeat(depth);
  const one = `${start}${head}(${args.map((a) => flat(a, style)).join(', ')})${tail}`;
  if (one.length <= style.width) return one;
  const last = args[args.length - 1];
  if (last && last.kind !== 'raw') {
    const before = `${start}${head}(${args.slice(0, -1).map((a) => `${flat(a, style)}, `).join('')}`;
    if (before.length <= style.width) return `${before}${layout(last, style, before.length, depth, true)})${tail}`;
  }
  const inner = style.indent.repeat(depth + 1);
  const lines = args.map((a, i) => `${inner}${layout(a, style, inner.length, depth + 1)}${i < args.length - 1 || style.trailingComma ? ',' : ''}`);
  return `${start}${head}(\n${lines.join('\n')}\n${start})${tail}`;
}
