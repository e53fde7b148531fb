// Schema of a CSV source from a bounded sample of its first file: the header gives the names
// (or _c0, _c1, ... without one), each column gets the narrowest type every sampled value
// parses as (bool, int32, int64, float64, date, timestamp, else string); `schema` overrides.

import { open, stat } from 'node:fs/promises';
import type { SizeEstimate } from '../../logical/plan.ts';
import type { DataType, Field, Schema } from '../../types.ts';
import { expandPath } from '../paths.ts';
import { csvOptions, type CsvOptions } from './csv-options.ts';
import { parseBool, parseDate, parseFloat64, parseInt32, parseInt64, parseTimestamp } from './parse-values.ts';
import { fieldText, LF, RecordFields, scanRecord } from './record-scanner.ts';
import { withFileDelimiter } from './csv-sniff.ts';
import { firstInvalidUtf8, notUtf8Detail } from './utf8-check.ts';

const SAMPLE_BYTES = 1 << 20;
const SAMPLE_RECORDS = 10_000;
const MAX_FIRST_RECORD_BYTES = 64 << 20;

const CANDIDATES: readonly { type: DataType; parses: (b: Uint8Array, s: number, e: number) => unknown }[] = [
  { type: 'bool', parses: parseBool },
  { type: 'int32', parses: parseInt32 },
  { type: 'int64', parses: parseInt64 },
  { type: 'float64', parses: parseFloat64 },
  { type: 'date', parses: parseDate },
  { type: 'timestamp', parses: parseTimestamp },
];
const ALL = (1 << CANDIDATES.length) - 1;

function uniqueNames(raw: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((r, i) => {
    const base = r.trim() === '' ? `_c${i}` : r;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}

export async function inferCsvSchema(options: Readonly<Record<string, unknown>>): Promise<{ schema: Schema; estimate: SizeEstimate }> {
  const opts = csvOptions(options);
  const files = await expandPath(opts.path, 'csv');
  let totalBytes = 0;
  for (const f of files) totalBytes += (await stat(f)).size;
  const { fields, sampledRecords, sampledBytes } = await sampleSchema(files[0]!, opts);
  const rows = sampledBytes > 0 ? Math.round((totalBytes / sampledBytes) * sampledRecords) : 0;
  return { schema: { fields }, estimate: { rows, bytes: totalBytes, source: 'file-size' } };
}

/** The first bytes of `file`: SAMPLE_BYTES, or more until they hold a whole first record (a file
 *  that is one long line is one header line, or one record), up to MAX_FIRST_RECORD_BYTES. */
async function readSample(file: string, opts: CsvOptions): Promise<{ buf: Uint8Array; whole: boolean }> {
  const fh = await open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const rec = new RecordFields();
    for (let want = Math.min(size, SAMPLE_BYTES); ; want = Math.min(size, want * 2)) {
      const buf = new Uint8Array(want);
      const { bytesRead } = await fh.read(buf, 0, want, 0);
      const whole = bytesRead >= size;
      const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
      if (whole || scanRecord(buf, bom, bytesRead, opts.delimiter, false, rec) >= 0) return { buf: buf.subarray(0, bytesRead), whole };
      if (want >= MAX_FIRST_RECORD_BYTES) {
        throw new Error(`${file}: no end of the first line in its first ${MAX_FIRST_RECORD_BYTES >> 20} MB: a CSV record this long is not supported; `
          + 'check that this is a CSV file and that its quotes are closed');
      }
    }
  } finally {
    await fh.close();
  }
}

async function sampleSchema(file: string, given: CsvOptions): Promise<{ fields: Field[]; sampledRecords: number; sampledBytes: number }> {
  const opts = await withFileDelimiter(given, file);
  const { buf, whole } = await readSample(file, opts);
  // Skip a UTF-8 byte order mark.
  let pos = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const rec = new RecordFields();
  let names: string[] | undefined;
  let masks: number[] = [];
  let records = 0;
  let consumed = pos;
  const nulls = new Set(opts.nullValues);
  while (pos < buf.length && records < SAMPLE_RECORDS) {
    const next = scanRecord(buf, pos, buf.length, opts.delimiter, whole, rec);
    if (next < 0) break;
    const start = pos;
    pos = next;
    if (rec.count === 1 && rec.flags[0] === 0 && rec.starts[0] === rec.ends[0]) continue;
    if (!names) {
      names = uniqueNames(Array.from({ length: rec.count }, (_, i) => (opts.header ? fieldText(buf, rec, i) : '')));
      masks = names.map(() => ALL);
      if (opts.header) { consumed = pos; continue; }
    }
    if (rec.problem || rec.count !== names.length) continue; // the reader reports bad rows with their line
    records++;
    consumed = pos;
    void start;
    for (let i = 0; i < rec.count; i++) {
      const s = rec.starts[i]!;
      const e = rec.ends[i]!;
      if (s === e || (rec.flags[i] === 0 && nulls.has(fieldText(buf, rec, i)))) continue;
      let m = masks[i]!;
      for (let c = 0; c < CANDIDATES.length; c++) {
        if (m & (1 << c) && CANDIDATES[c]!.parses(buf, s, e) === undefined) m &= ~(1 << c);
      }
      masks[i] = m;
    }
  }
  if (!names) throw new Error(`${file} is empty: a CSV source needs at least ${opts.header ? 'a header line' : 'one line'}`);
  if (opts.encodingErrors === 'error') {
    const at = firstInvalidUtf8(buf, 0, consumed);
    if (at >= 0) {
      let line = 1;
      for (let i = buf.indexOf(LF); i >= 0 && i < at; i = buf.indexOf(LF, i + 1)) line++;
      throw new Error(`${file} line ${line}, byte offset ${at}: ${notUtf8Detail(buf[at]!)}`);
    }
  }
  const fields: Field[] = names.map((name, i) => {
    const m = masks[i]!;
    // A column with no values in the sample is a string column.
    const c = m === ALL ? -1 : CANDIDATES.findIndex((_, k) => m & (1 << k));
    return { name, type: c < 0 ? 'string' : CANDIDATES[c]!.type, nullable: true };
  });
  for (const [col, type] of Object.entries(opts.schema)) {
    const f = fields.findIndex((x) => x.name === col);
    if (f < 0) throw new Error(`${file}: param 'schema' names column '${col}', which is not in the file; its columns are ${names.map((n) => `'${n}'`).join(', ')}`);
    fields[f] = { ...fields[f]!, type };
  }
  return { fields, sampledRecords: records, sampledBytes: consumed };
}
