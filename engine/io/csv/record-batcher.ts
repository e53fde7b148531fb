// Turns CSV records in a byte buffer into column builders' rows, one batch at a time.
//
// Fast path: a record whose fields are all unquoted is scanned in one tight byte loop that
// hands only the projected fields to their builders (other fields cost one compare per byte:
// no parsing, no copying). Everything else (a field starting with a quote, the header, a blank
// line, a wrong field count, a value that does not parse, the last record without a newline)
// goes through the general RFC 4180 record scanner, which is the reference for every rule.

import type { RecordBatch } from 'apache-arrow';
import type { Field } from '../../types.ts';
import { makeBatch } from '../arrow-build.ts';
import { type ColumnBuilder, makeBuilder } from './column-builders.ts';
import type { CsvOptions } from './csv-options.ts';
import { CR, fieldText, LF, QUOTE, RecordFields, scanRecord } from './record-scanner.ts';
import { StringDictionary } from './string-dictionary.ts';

export const BATCH_ROWS = 65_536;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** 0x01 in each byte of x that is zero, else 0 (exact: no borrow between bytes). */
function zeroBytes(x: number): number {
  return (~((((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) | 0x7f7f7f7f)) >>> 7;
}

/** How many bytes of a zeroBytes() mask are set. */
function countBytes(m: number): number {
  return Math.imul(m, 0x01010101) >>> 24;
}

/** Rows skipped by onBadRow "skip" in this process (for tests and metrics). */
export const csvReadStats = { badRowsSkipped: 0 };

export class RecordBatcher {
  /** Rows in the current batch. */
  rows = 0;
  /** Set when a bad row stops a read with onBadRow "fail": the record's offset in the buffer
   *  last passed to consume(), and the problem (text after "line N"). */
  badAt = -1;
  badMessage = '';
  private headerPending: boolean;
  private builders: ColumnBuilder[];
  private readonly fields: readonly Field[];
  private readonly names: string[];
  private readonly nullable: boolean[];
  private readonly dictionaries: (StringDictionary | undefined)[];
  private readonly ncols: number;
  /** File column -> output column, or -1 when not projected. */
  private readonly target: Int32Array;
  /** Output column -> file column. */
  private readonly index: number[];
  /** False when a file column is projected twice (the general path handles that). */
  private readonly fastPath: boolean;
  private readonly delim: number;
  private readonly nulls: Uint8Array[];
  private readonly failOnBadRow: boolean;
  private readonly rec = new RecordFields();
  /** Last projected file column (-1 when none): later fields are only counted. */
  private readonly lastProjected: number;
  /** Word-at-a-time scanning of unquoted records (little-endian platforms). */
  private readonly swar: boolean;
  private words: Int32Array = new Int32Array(0);

  constructor(fileFields: readonly Field[], fields: readonly Field[], opts: CsvOptions, skipHeader: boolean) {
    this.fields = fields;
    this.ncols = fileFields.length;
    this.index = fields.map((f) => fileFields.findIndex((x) => x.name === f.name));
    this.target = new Int32Array(this.ncols).fill(-1);
    let dup = false;
    this.index.forEach((k, j) => { if (this.target[k]! >= 0) dup = true; this.target[k] = j; });
    this.fastPath = !dup;
    this.lastProjected = this.target.reduce((m, j, k) => (j >= 0 ? k : m), -1);
    this.swar = !dup && LITTLE_ENDIAN;
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
    const ncols = this.ncols; const delim = this.delim; const target = this.target;
    const builders = this.builders; const hasNulls = this.nulls.length > 0;
    const last = this.lastProjected;
    const swar = this.swar && buf.byteOffset === 0 && (buf.length & 3) === 0;
    if (swar && this.words.buffer !== buf.buffer) this.words = new Int32Array(buf.buffer, 0, buf.length >>> 2);
    while (pos < len && this.rows < BATCH_ROWS) {
      if (this.fastPath && !this.headerPending) {
        let p = pos;
        let col = 0;
        let ok = true;
        for (;;) {
          if (p >= len || buf[p] === QUOTE) { ok = false; break; }
          const s = p;
          let c = 0;
          while (p < len) {
            c = buf[p]!;
            if (c === delim || c === LF) break;
            p++;
          }
          if (p >= len) { ok = false; break; }
          let e = p;
          if (c === LF && e > s && buf[e - 1] === CR) e--;
          if (col < ncols) {
            const j = target[col]!;
            if (j >= 0) {
              const b = builders[j]!;
              if (s === e || (hasNulls && this.isNullText(buf, s, e))) b.appendNull();
              else if (!b.append(buf, s, e, false)) { ok = false; break; }
            }
          }
          col++;
          p++;
          if (c === LF) break;
          if (swar && col > last) {
            // Past the projected fields: only count the rest, a word at a time.
            const next = this.countTail(buf, p, len, col);
            if (next >= 0) { p = next; col = ncols; break; }
          }
        }
        if (ok && col === ncols) {
          this.rows++;
          pos = p;
          continue;
        }
        for (const b of builders) b.truncate(this.rows);
      }
      const next = this.general(buf, pos, len, final);
      if (next < 0) break;
      if (this.badAt >= 0) return pos;
      pos = next;
    }
    return pos;
  }

  /**
   * The rest of an unquoted record from field `col` on (starting at `pos`), four bytes at a
   * time: delimiters are counted with bit tricks up to the newline. Returns the offset after the
   * record when it has exactly ncols fields and no quote; else -1 and the byte loop goes on.
   */
  private countTail(buf: Uint8Array, pos: number, len: number, col: number): number {
    const words = this.words; const nwords = len >>> 2;
    const D = Math.imul(this.delim, 0x01010101); const L = 0x0a0a0a0a; const Q = 0x22222222;
    let valid = 0x01010101 << (8 * (pos & 3)); // bytes of the first word at or after pos
    for (let k = pos >>> 2; k < nwords; k++, valid = 0x01010101) {
      const w = words[k]!;
      if (zeroBytes(w ^ Q) & valid) return -1;
      const dm = zeroBytes(w ^ D) & valid;
      const lm = zeroBytes(w ^ L) & valid;
      if (lm === 0) { col += countBytes(dm); continue; }
      const lowLf = lm & -lm;
      col += countBytes(dm & (lowLf - 1)) + 1;
      return col === this.ncols ? (k << 2) + ((31 - Math.clz32(lowLf)) >>> 3) + 1 : -1;
    }
    return -1;
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
      if (!b.append(buf, s, e, flag === 2)) {
        this.bad(pos, `, column '${this.names[j]}': '${fieldText(buf, rec, k)}' is not a ${b.type} (the column type was inferred from the first rows or set in param 'schema')`);
        return next;
      }
    }
    this.rows++;
    return next;
  }

  private bad(pos: number, message: string): void {
    for (const b of this.builders) b.truncate(this.rows);
    if (this.failOnBadRow) { this.badAt = pos; this.badMessage = message; return; }
    csvReadStats.badRowsSkipped++;
  }
}
