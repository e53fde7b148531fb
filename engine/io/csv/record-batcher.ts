// Turns CSV records in a byte buffer into column builders' rows, one batch at a time.
//
// Fast path: a record whose fields are all unquoted is scanned in one tight byte loop that only
// notes where each field ends; then just the projected fields go to their builders (the others
// cost two compares per byte: no parsing, no copying). Everything else (a field starting with a quote, the header, a blank
// line, a wrong field count, a value that does not parse, the last record without a newline)
// goes through the general RFC 4180 record scanner, which is the reference for every rule.

import type { RecordBatch } from 'apache-arrow';
import type { Field } from '../../types.ts';
import { makeBatch } from '../../compute/arrow-build.ts';
import type { ColumnBuilder } from './column-builders.ts';
import { makeBuilder } from './make-builder.ts';
import type { CsvOptions } from './csv-options.ts';
import { CR, fieldText, LF, QUOTE, RecordFields, scanRecord } from './record-scanner.ts';
import { StringDictionary } from './string-dictionary.ts';
import { repairUtf8, validUtf8 } from './utf8-check.ts';

export const BATCH_ROWS = 65_536;

/** Rows skipped by onBadRow "skip" in this process (for tests and metrics). */
export const csvReadStats = { badRowsSkipped: 0 };

export class RecordBatcher {
  /** Rows in the current batch. */
  rows = 0;
  /** Set when a bad row stops a read with onBadRow "fail": the record's offset in the buffer
   *  last passed to consume(), and the problem (text after "line N"). */
  badAt = -1;
  badMessage = '';
  /** Set by the reader while the records it hands over hold bytes that are not UTF-8 (only with
   *  encodingErrors "replace"): string fields are then repaired (U+FFFD) as they are appended. */
  repairUtf8 = false;
  private headerPending: boolean;
  private builders: ColumnBuilder[];
  private readonly fields: readonly Field[];
  private readonly names: string[];
  private readonly nullable: boolean[];
  private readonly dictionaries: (StringDictionary | undefined)[];
  private readonly ncols: number;
  /** Output column -> file column. */
  private readonly index: number[];
  /** False when a projected column is not among the file's columns (never for a planned scan). */
  private readonly fastPath: boolean;
  private readonly delim: number;
  private readonly nulls: Uint8Array[];
  private readonly failOnBadRow: boolean;
  private readonly rec = new RecordFields();
  /** Field end offsets of the record on the fast path. */
  private readonly ends: Int32Array;
  constructor(fileFields: readonly Field[], fields: readonly Field[], opts: CsvOptions, skipHeader: boolean) {
    this.fields = fields;
    this.ncols = fileFields.length;
    this.index = fields.map((f) => fileFields.findIndex((x) => x.name === f.name));
    this.fastPath = this.index.every((k) => k >= 0);
    this.ends = new Int32Array(this.ncols);
    this.names = fields.map((f) => f.name);
    this.nullable = fields.map((f) => f.nullable);
    this.dictionaries = fields.map((f) => (f.type === 'string' ? new StringDictionary() : undefined));
    this.delim = opts.delimiter;
    this.nulls = opts.nullValues.filter((v) => v !== '').map((v) => new TextEncoder().encode(v));
    this.failOnBadRow = opts.onBadRow === 'fail';
    this.headerPending = skipHeader;
    this.builders = this.newBuilders();
  }

  private newBuilders(): ColumnBuilder[] {
    return this.fields.map((f, j) => makeBuilder(f.type, BATCH_ROWS, this.dictionaries[j]));
  }

  /** The rows so far as a batch; the next batch starts empty. */
  takeBatch(): RecordBatch {
    const batch = makeBatch(this.names, this.builders.map((b) => b.finish()), this.rows, this.nullable);
    this.builders = this.newBuilders();
    this.rows = 0;
    return batch;
  }

  private isNullText(buf: Uint8Array, s: number, e: number): boolean {
    for (const nv of this.nulls) {
      if (nv.length !== e - s) continue;
      let k = 0;
      while (k < nv.length && nv[k] === buf[s + k]) k++;
      if (k === nv.length) return true;
    }
    return false;
  }

  /**
   * Consumes records from buf[pos, len) until the batch is full, the buffer ends (a record cut
   * off by the buffer end waits for more data unless `final`) or a bad row stops the read
   * (badAt >= 0). Returns the offset after the last consumed record.
   */
  consume(buf: Uint8Array, pos: number, len: number, final: boolean): number {
    const ncols = this.ncols; const delim = this.delim; const index = this.index; const ends = this.ends;
    const builders = this.builders; const hasNulls = this.nulls.length > 0;
    const nout = builders.length; const lastCol = ncols - 1;
    while (pos < len && this.rows < BATCH_ROWS) {
      if (this.fastPath && !this.headerPending) {
        // Pass 1: the field ends of an unquoted record (a quote at a field start, the buffer
        // end or a wrong field count leave it to the general path).
        let p = pos;
        let col = 0;
        let c = 0;
        for (;;) {
          if (p >= len || buf[p] === QUOTE) { col = -1; break; }
          while (p < len) {
            c = buf[p]!;
            if (c === delim || c === LF) break;
            p++;
          }
          if (p >= len) { col = -1; break; }
          if (col < ncols) ends[col] = p;
          col++;
          p++;
          if (c === LF) break;
        }
        // Pass 2: only the projected fields, to their builders.
        if (col === ncols) {
          let ok = true;
          for (let j = 0; j < nout; j++) {
            const k = index[j]!;
            const s = k === 0 ? pos : ends[k - 1]! + 1;
            let e = ends[k]!;
            if (k === lastCol && e > s && buf[e - 1] === CR) e--;
            const b = builders[j]!;
            if (s === e || (hasNulls && this.isNullText(buf, s, e))) b.appendNull();
            else if (!this.append(b, buf, s, e, false)) { ok = false; break; }
          }
          if (ok) {
            this.rows++;
            pos = p;
            continue;
          }
          for (const b of builders) b.truncate(this.rows);
        }
      }
      const next = this.general(buf, pos, len, final);
      if (next < 0) break;
      if (this.badAt >= 0) return pos;
      pos = next;
    }
    return pos;
  }

  /** One record through the general scanner: -1 when it is cut off by the buffer end. */
  private general(buf: Uint8Array, pos: number, len: number, final: boolean): number {
    const rec = this.rec;
    const next = scanRecord(buf, pos, len, this.delim, final, rec);
    if (next < 0) return -1;
    if (this.headerPending) { this.headerPending = false; return next; }
    // Blank lines are not records, except in a one-column file where they hold a null.
    if (this.ncols > 1 && rec.count === 1 && rec.flags[0] === 0 && rec.starts[0] === rec.ends[0]) return next;
    if (rec.problem) { this.bad(pos, `: ${rec.problem}`); return next; }
    if (rec.count !== this.ncols) { this.bad(pos, `: expected ${this.ncols} fields, found ${rec.count}`); return next; }
    const builders = this.builders;
    for (let j = 0; j < builders.length; j++) {
      const k = this.index[j]!;
      const s = rec.starts[k]!;
      const e = rec.ends[k]!;
      const flag = rec.flags[k]!;
      const b = builders[j]!;
      // Unquoted empty or a null marker -> null; a quoted empty is '' for strings, null otherwise.
      if (flag === 0 ? s === e || this.isNullText(buf, s, e) : s === e && b.type !== 'string') { b.appendNull(); continue; }
      if (!this.append(b, buf, s, e, flag === 2)) {
        this.bad(pos, `, column '${this.names[j]}': '${fieldText(buf, rec, k)}' is not a ${b.type} (the column type was inferred from the first rows or set in param 'schema')`);
        return next;
      }
    }
    this.rows++;
    return next;
  }

  private append(b: ColumnBuilder, buf: Uint8Array, s: number, e: number, escaped: boolean): boolean {
    if (this.repairUtf8 && b.type === 'string' && !validUtf8(buf, s, e)) {
      const fixed = repairUtf8(buf, s, e);
      return b.append(fixed, 0, fixed.length, escaped);
    }
    return b.append(buf, s, e, escaped);
  }

  private bad(pos: number, message: string): void {
    for (const b of this.builders) b.truncate(this.rows);
    if (this.failOnBadRow) { this.badAt = pos; this.badMessage = message; return; }
    csvReadStats.badRowsSkipped++;
  }
}
