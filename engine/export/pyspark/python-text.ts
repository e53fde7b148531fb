// Python source text of values and names: literals for parameters, and identifiers for the
// variables that hold each node's DataFrame.

const PY_KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/** Names of the script itself that a node variable must not shadow. */
const RESERVED = new Set(['F', 'T', 'spark', 'args', 'math', 'os', 'argparse', 'Path', 'HERE', 'main', 'build',
  'parse_args', 'session', 'configure', 'evaluate', 'Pipeline', 'ROW', 'MASK', 'decimal', 'SparkConf',
  'SparkSession', 'DataFrame']);

/** A Python string literal (JSON's escapes are Python's; non-ASCII text stays as written). */
export function pyStr(s: string): string {
  return JSON.stringify(s);
}

/** A parameter value as a Python literal. */
export function pyValue(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'float("nan")';
    if (!Number.isFinite(v)) return v > 0 ? 'float("inf")' : 'float("-inf")';
    return String(v);
  }
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return pyStr(v);
  if (Array.isArray(v)) return `[${v.map(pyValue).join(', ')}]`;
  if (typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${pyStr(k)}: ${pyValue(x)}`).join(', ')}}`;
  throw new Error(`cannot write ${typeof v} as a Python value`);
}

/** A float parameter that Spark's Python API wants as a float, never an int. */
export function pyFloat(v: unknown): string {
  const n = Number(v);
  const text = pyValue(n);
  return /^-?\d+$/.test(text) ? `${text}.0` : text;
}

/** Keyword arguments `a=1, b="x"` of the entries whose value is defined. */
export function pyKwargs(entries: readonly (readonly [string, string | undefined])[]): string {
  return entries.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`).join(', ');
}

/** Python identifiers for node ids (and their ports), unique within one script. */
export class Identifiers {
  private readonly used = new Set<string>(RESERVED);
  private readonly byKey = new Map<string, string>();

  of(key: string): string {
    const known = this.byKey.get(key);
    if (known) return known;
    let base = key.replace(/[^A-Za-z0-9_]/g, '_');
    if (/^\d/.test(base) || PY_KEYWORDS.has(base) || base === '') base = `n_${base}`;
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    this.byKey.set(key, name);
    return name;
  }
}

/** A command-line option name for a node id: --save-metrics. */
export function optionName(id: string): string {
  return id.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'path';
}
