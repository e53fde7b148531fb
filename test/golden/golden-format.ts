// The golden file format (`test/golden/*.golden`), in the spirit of sqllogictest. A file is a
// list of records separated by blank lines; a record is a header line and a body. Lines starting
// with `#` outside a body are comments.
//
//   # events above 10, joined with users
//   pipeline
//   settings partitions=2
//   events = source.sample dataset=events rows=1000
//   users = source.sample dataset=users rows=100
//   j = join(events, users) type=inner on=[{"left":"user_id","right":"user_id"}]
//   big = transform.filter(j) condition="amount > 10"
//
//   explain
//   rules fired: push-down-filters, ...
//   Join [j] inner on ...
//
//   explain --no-optimize | --disable RULE ...   (expected plan text)
//   explain --physical                           (the physical plan of a run: stages, exchanges;
//                                                  partitions from settings, else 2)
//   rows [sorted] [node=ID] [limit=N]             (expected rows: a header of column names,
//                                                  then one line per row, values ` | `-separated)
//
// `pipeline` body lines: `settings key=value...` or `id = kind(input, input...) key=value...`
// (inputs in the kind's input-port order; `node.port` for a named output port). A value is
// JSON when it parses as JSON (numbers, true, "quoted text", [..], {..}) and a bare word
// otherwise. `pipeline file=PATH` loads a JSON document instead (relative to the golden file).
// Records after a pipeline use it until the next one.

import type { DocumentEdge, DocumentNode, PipelineDocument, PipelineSettings } from '../../engine/document/document-types.ts';
import { kindDef } from '../../engine/document/catalog.ts';

export type GoldenRecord =
  | { readonly kind: 'pipeline'; readonly line: number; readonly header: string; readonly body: string[]; readonly file?: string }
  | { readonly kind: 'explain'; readonly line: number; readonly header: string; readonly body: string[]; readonly args: string[] }
  | {
    readonly kind: 'rows'; readonly line: number; readonly header: string; readonly body: string[];
    readonly sorted: boolean; readonly node?: string; readonly limit?: number;
  };

export class GoldenFormatError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = 'GoldenFormatError';
  }
}

/** A parsed file: its records, with `bodyStart` / `bodyEnd` (0-based line indices, end
 *  exclusive) so an update can replace expected bodies in place. */
export interface ParsedGolden {
  readonly lines: string[];
  readonly records: (GoldenRecord & { readonly bodyStart: number; readonly bodyEnd: number })[];
}

export function parseGolden(file: string, text: string): ParsedGolden {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const records: ParsedGolden['records'] = [];
  let i = 0;
  while (i < lines.length) {
    const raw = lines[i]!;
    if (raw.trim() === '' || raw.startsWith('#')) { i++; continue; }
    const headerIndex = i;
    const header = raw.trim();
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() !== '') j++;
    const body = lines.slice(i + 1, j);
    records.push({ ...parseHeader(file, headerIndex + 1, header, body), bodyStart: i + 1, bodyEnd: j });
    i = j;
  }
  return { lines, records };
}

function parseHeader(file: string, line: number, header: string, body: string[]): GoldenRecord {
  const [word, ...args] = header.split(/\s+/);
  switch (word) {
    case 'pipeline': {
      const fileArg = args.find((a) => a.startsWith('file='));
      const extra = args.filter((a) => a !== fileArg);
      if (extra.length) throw new GoldenFormatError(file, line, `unexpected '${extra.join(' ')}' after pipeline: expected nothing or file=PATH`);
      return { kind: 'pipeline', line, header, body, ...(fileArg ? { file: fileArg.slice('file='.length) } : {}) };
    }
    case 'explain': {
      for (let k = 0; k < args.length; k++) {
        const a = args[k]!;
        if (a === '--no-optimize' || a === '--physical') continue;
        if (a === '--disable' && args[k + 1]) { k++; continue; }
        throw new GoldenFormatError(file, line, `unknown explain option '${a}': expected --no-optimize, --physical or --disable RULE`);
      }
      return { kind: 'explain', line, header, body, args };
    }
    case 'rows': {
      let sorted = false, node: string | undefined, limit: number | undefined;
      for (const a of args) {
        if (a === 'sorted') sorted = true;
        else if (a.startsWith('node=')) node = a.slice(5);
        else if (a.startsWith('limit=') && Number.isInteger(Number(a.slice(6)))) limit = Number(a.slice(6));
        else throw new GoldenFormatError(file, line, `unknown rows option '${a}': expected sorted, node=ID or limit=N`);
      }
      return { kind: 'rows', line, header, body, sorted, ...(node ? { node } : {}), ...(limit !== undefined ? { limit } : {}) };
    }
    default:
      throw new GoldenFormatError(file, line, `unknown section '${word}': expected pipeline, explain or rows`);
  }
}

/** Splits `key=value key=value` where values may be JSON with spaces inside quotes/brackets. */
export function parseAssignments(text: string, where: () => string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let i = 0;
  const skipSpace = (): void => { while (i < text.length && /\s/.test(text[i]!)) i++; };
  skipSpace();
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new Error(`${where()}: expected key=value at '${text.slice(i)}'`);
    const key = text.slice(i, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`${where()}: bad parameter name '${key}'`);
    i = eq + 1;
    const start = i;
    if (text[i] === '"' || text[i] === '[' || text[i] === '{') {
      let depth = 0, inString = false;
      for (; i < text.length; i++) {
        const c = text[i]!;
        if (inString) {
          if (c === '\\') i++;
          else if (c === '"') { inString = false; if (depth === 0) { i++; break; } }
        } else if (c === '"') inString = true;
        else if (c === '[' || c === '{') depth++;
        else if (c === ']' || c === '}') { depth--; if (depth === 0) { i++; break; } }
      }
    } else {
      while (i < text.length && !/\s/.test(text[i]!)) i++;
    }
    const value = text.slice(start, i);
    try {
      out[key] = JSON.parse(value);
    } catch {
      if (/^["[{]/.test(value)) throw new Error(`${where()}: the value of ${key} is not valid JSON: ${value}`);
      out[key] = value;
    }
    skipSpace();
  }
  return out;
}

const NODE_LINE = /^([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*([A-Za-z][\w.]*)\s*(?:\(([^)]*)\))?\s*(.*)$/;

/** The compact pipeline body -> a document (validated later by the real loader). */
export function compactToDocument(file: string, firstLine: number, body: readonly string[]): PipelineDocument {
  const nodes: DocumentNode[] = [];
  const edges: DocumentEdge[] = [];
  let settings: PipelineSettings | undefined;
  body.forEach((raw, k) => {
    const line = raw.trim();
    const where = (): string => `${file}:${firstLine + k + 1}`;
    if (line === '' || line.startsWith('#')) return;
    if (line.startsWith('settings ') || line === 'settings') {
      settings = { ...settings, ...parseAssignments(line.slice('settings'.length), where) } as PipelineSettings;
      return;
    }
    const m = NODE_LINE.exec(line);
    if (!m) throw new Error(`${where()}: expected 'id = kind(inputs) key=value ...' or 'settings key=value ...', got '${line}'`);
    const [, id, kind, inputs, rest] = m as unknown as [string, string, string, string | undefined, string];
    const def = kindDef(kind);
    if (!def) throw new Error(`${where()}: unknown kind '${kind}'`);
    const froms = inputs ? inputs.split(',').map((s) => s.trim()).filter(Boolean) : [];
    if (froms.length > def.inputs.length) {
      throw new Error(`${where()}: ${kind} has ${def.inputs.length} input port(s) (${def.inputs.map((p) => p.name).join(', ')}), got ${froms.length}`);
    }
    froms.forEach((from, n) => edges.push({ from, to: def.inputs.length === 1 ? id : `${id}.${def.inputs[n]!.name}` }));
    nodes.push({ id, kind, params: parseAssignments(rest, where) });
  });
  return { version: 1, name: file.replace(/^.*\//, '').replace(/\.golden$/, ''), ...(settings ? { settings } : {}), nodes, edges };
}

/** The file text with each record's body replaced by `bodies.get(record index)`. */
export function replaceBodies(parsed: ParsedGolden, bodies: ReadonlyMap<number, string[]>): string {
  const out: string[] = [];
  let at = 0;
  parsed.records.forEach((r, idx) => {
    const body = bodies.get(idx);
    if (!body) return;
    out.push(...parsed.lines.slice(at, r.bodyStart), ...body);
    at = r.bodyEnd;
  });
  out.push(...parsed.lines.slice(at));
  return out.join('\n');
}
