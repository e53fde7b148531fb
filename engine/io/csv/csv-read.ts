// The streaming CSV reader: reads a byte range of a file in chunks, finds records with the
// RFC 4180 scanner and parses the projected columns straight into typed-array builders,
// emitting a record batch every BATCH_ROWS rows. Bad rows fail the read or are skipped.

import { open } from 'node:fs/promises';
import type { RecordBatch } from 'apache-arrow';
import type { Field } from '../../types.ts';
import { makeBatch } from '../arrow-build.ts';
import { type ColumnBuilder, makeBuilder } from './column-builders.ts';
import type { CsvOptions } from './csv-options.ts';
import { fieldText, RecordFields, scanRecord } from './record-scanner.ts';

export interface CsvPart {
  readonly file: string;
  /** Byte range [start, end): starts at a record boundary, ends at one (or the file end). */
  readonly start: number;
  readonly end: number;
  /** 1-based line number of the first byte of the range. */
  readonly firstLine: number;
  /** The range begins with the header record, which is skipped. */
  readonly skipHeader: boolean;
}

const BATCH_ROWS = 65_536;
const CHUNK_BYTES = 4 << 20;

/** Rows skipped by onBadRow "skip" in this process (for tests and metrics). */
export const csvReadStats = { badRowsSkipped: 0 };

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Reads records of `part`. `fileFields` are all the file's columns in file order (the source
 * schema); `fields` the columns to produce, in output order.
 */
export async function* readCsvPart(
  part: CsvPart, fileFields: readonly Field[], fields: readonly Field[], opts: CsvOptions,
): AsyncGenerator<RecordBatch> {
  const ncols = fileFields.length;
  const index = fields.map((f) => fileFields.findIndex((x) => x.name === f.name));
  const names = fields.map((f) => f.name);
  const nullable = fields.map((f) => f.nullable);
  const nulls = opts.nullValues.filter((v) => v !== '').map((v) => new TextEncoder().encode(v));
  const isNullText = (buf: Uint8Array, s: number, e: number): boolean => {
    for (const nv of nulls) {
      if (nv.length !== e - s) continue;
      let k = 0;
      while (k < nv.length && nv[k] === buf[s + k]) k++;
      if (k === nv.length) return true;
    }
    return false;
  };
  let builders: ColumnBuilder[] = fields.map((f) => makeBuilder(f.type, BATCH_ROWS));
  let rows = 0;
  const rec = new RecordFields();
  let line = part.firstLine;
  let headerPending = part.skipHeader;

  const bad = (recordLine: number, message: string): void => {
    if (opts.onBadRow === 'fail') {
      throw new Error(`${part.file} line ${recordLine}${message}; set onBadRow to "skip" to drop such rows`);
    }
    csvReadStats.badRowsSkipped++;
    for (const b of builders) b.truncate(rows);
  };

  const fh = await open(part.file, 'r');
  try {
    let carry = new Uint8Array(0);
    let filePos = part.start;
    for (;;) {
      const want = Math.min(CHUNK_BYTES, part.end - filePos);
      const chunk = new Uint8Array(Math.max(0, want));
      const { bytesRead } = want > 0 ? await fh.read(chunk, 0, want, filePos) : { bytesRead: 0 };
      filePos += bytesRead;
      const final = bytesRead === 0 || filePos >= part.end;
      const buf = concat(carry, chunk.subarray(0, bytesRead));
      const len = buf.length;
      let pos = 0;
      while (pos < len) {
        const next = scanRecord(buf, pos, len, opts.delimiter, final, rec);
        if (next < 0) break;
        const recordLine = line;
        line += rec.newlines;
        pos = next;
        if (headerPending) { headerPending = false; continue; }
        // Blank lines are not records, except in a one-column file where they hold a null.
        if (ncols > 1 && rec.count === 1 && rec.flags[0] === 0 && rec.starts[0] === rec.ends[0]) continue;
        if (rec.problem) { bad(recordLine, `: ${rec.problem}`); continue; }
        if (rec.count !== ncols) { bad(recordLine, `: expected ${ncols} fields, found ${rec.count}`); continue; }
        let ok = true;
        for (let j = 0; j < builders.length; j++) {
          const k = index[j]!;
          const s = rec.starts[k]!;
          const e = rec.ends[k]!;
          const flag = rec.flags[k]!;
          const b = builders[j]!;
          // Unquoted empty or a null marker -> null; a quoted empty is '' for strings, null otherwise.
          if (flag === 0 ? s === e || isNullText(buf, s, e) : s === e && b.type !== 'string') { b.appendNull(); continue; }
          if (!b.append(buf, s, e, flag === 2)) {
            bad(recordLine, `, column '${names[j]}': '${fieldText(buf, rec, k)}' is not a ${b.type} (the column type was inferred from the first rows or set in param 'schema')`);
            ok = false;
            break;
          }
        }
        if (!ok) continue;
        rows++;
        if (rows === BATCH_ROWS) {
          yield makeBatch(names, builders.map((b) => b.finish()), rows, nullable);
          builders = fields.map((f) => makeBuilder(f.type, BATCH_ROWS));
          rows = 0;
        }
      }
      carry = buf.slice(pos);
      if (final) break;
    }
    if (rows > 0) yield makeBatch(names, builders.map((b) => b.finish()), rows, nullable);
  } finally {
    await fh.close();
  }
}
