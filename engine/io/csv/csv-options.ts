// The params of source.csv / sink.csv with defaults applied and checked (docs/pipeline-format.md).

import { DATA_TYPES, type DataType } from '../../types.ts';

export interface CsvOptions {
  readonly path: string;
  readonly delimiter: number; // one byte
  /** False when param 'delimiter' is not set: the reader sniffs it (csv-sniff.ts), ',' if unsure. */
  readonly delimiterGiven: boolean;
  readonly header: boolean;
  readonly nullValues: readonly string[];
  readonly onBadRow: 'fail' | 'skip';
  readonly schema: Readonly<Record<string, DataType>>;
  /** Bytes that are not UTF-8: stop the read naming file, line and byte offset, or read each
   *  invalid sequence as U+FFFD. */
  readonly encodingErrors: 'error' | 'replace';
}

export function csvOptions(options: Readonly<Record<string, unknown>>, kind = 'source.csv'): CsvOptions {
  const path = options['path'];
  if (typeof path !== 'string' || path === '') throw new Error(`${kind}: param 'path' is missing; expected a file path`);
  const d = options['delimiter'] ?? ',';
  const delimiter = typeof d === 'string' ? (d === '\\t' ? '\t' : d) : '';
  if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 127 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new Error(`${kind}: param 'delimiter' is ${JSON.stringify(d)}; expected one ASCII character other than a quote or newline, such as "," or ";" or "\\t"`);
  }
  const header = options['header'] ?? true;
  if (typeof header !== 'boolean') throw new Error(`${kind}: param 'header' is ${JSON.stringify(header)}; expected true or false`);
  const nv = options['nullValues'] ?? [''];
  if (!Array.isArray(nv) || !nv.every((x) => typeof x === 'string')) {
    throw new Error(`${kind}: param 'nullValues' is ${JSON.stringify(nv)}; expected a list of strings such as ["", "NA"]`);
  }
  const bad = options['onBadRow'] ?? 'fail';
  if (bad !== 'fail' && bad !== 'skip') throw new Error(`${kind}: param 'onBadRow' is ${JSON.stringify(bad)}; expected "fail" or "skip"`);
  const schema = (options['schema'] ?? {}) as Record<string, unknown>;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new Error(`${kind}: param 'schema' must be an object of column -> type`);
  }
  for (const [col, t] of Object.entries(schema)) {
    if (!DATA_TYPES.includes(t as DataType) || t === 'vector') {
      throw new Error(`${kind}: param 'schema' gives column '${col}' the type ${JSON.stringify(t)}; expected one of bool, int32, int64, float64, string, date, timestamp`);
    }
  }
  const encodingErrors = options['encodingErrors'] ?? 'error';
  if (encodingErrors !== 'error' && encodingErrors !== 'replace') {
    throw new Error(`${kind}: param 'encodingErrors' is ${JSON.stringify(encodingErrors)}; expected "error" or "replace"`);
  }
  return {
    path, delimiter: delimiter.charCodeAt(0), delimiterGiven: options['delimiter'] !== undefined, header, nullValues: nv as string[], onBadRow: bad,
    schema: schema as Record<string, DataType>, encodingErrors,
  };
}
