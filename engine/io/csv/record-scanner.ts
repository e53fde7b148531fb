// Finds the fields of one CSV record (RFC 4180) in a byte buffer without copying: field bounds
// go into preallocated arrays. Quoted fields may hold delimiters, newlines and "" escapes.

export const QUOTE = 0x22;
export const LF = 0x0a;
export const CR = 0x0d;

/** Field bounds of the last scanned record. flags: 0 unquoted, 1 quoted, 2 quoted with "" escapes. */
export class RecordFields {
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  flags = new Uint8Array(64);
  /** Fields found (may exceed the arrays' capacity; only the first `capacity` are stored). */
  count = 0;
  /** Newlines consumed by the record (1 + those inside quoted fields; 0 at end of file without one). */
  newlines = 0;
  /** Set when the record is malformed (text after a closing quote, an unclosed quote at the end). */
  problem: string | undefined;

  push(start: number, end: number, flag: number): void {
    const i = this.count++;
    if (i >= this.starts.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => { const b = make(a.length * 2); b.set(a); return b; };
      this.starts = grow(this.starts, (n) => new Int32Array(n));
      this.ends = grow(this.ends, (n) => new Int32Array(n));
      this.flags = grow(this.flags, (n) => new Uint8Array(n));
    }
    this.starts[i] = start;
    this.ends[i] = end;
    this.flags[i] = flag;
  }
}

/**
 * Scans the record starting at `pos`. Returns the position after its terminator, or -1 when the
 * record is not complete before `end` and more data may follow (`final` false).
 */
export function scanRecord(buf: Uint8Array, pos: number, end: number, delim: number, final: boolean, out: RecordFields): number {
  out.count = 0;
  out.newlines = 0;
  out.problem = undefined;
  for (;;) {
    if (pos < end && buf[pos] === QUOTE) {
      const s = pos + 1;
      let p = s;
      let flag = 1;
      let close: number;
      for (;;) {
        close = buf.indexOf(QUOTE, p);
        if (close < 0 || close >= end) {
          if (!final) return -1;
          for (let i = s; i < end; i++) if (buf[i] === LF) out.newlines++;
          out.problem = 'a quoted field is not closed before the end of the file';
          out.push(s, end, flag);
          return end;
        }
        if (close + 1 < end && buf[close + 1] === QUOTE) { flag = 2; p = close + 2; continue; }
        if (close + 1 >= end && !final) return -1;
        break;
      }
      for (let i = s; i < close; i++) if (buf[i] === LF) out.newlines++;
      out.push(s, close, flag);
      pos = close + 1;
      if (pos >= end) { if (!final) return -1; return pos; }
      const c = buf[pos];
      if (c === delim) { pos++; continue; }
      if (c === LF) { out.newlines++; return pos + 1; }
      if (c === CR && pos + 1 < end && buf[pos + 1] === LF) { out.newlines++; return pos + 2; }
      if (c === CR && pos + 1 >= end && !final) return -1;
      // Text after a closing quote: malformed. Skip to the end of the line and report.
      out.problem = 'unexpected text after a closing quote';
      const nl = buf.indexOf(LF, pos);
      if (nl < 0 || nl >= end) { if (!final) return -1; return end; }
      out.newlines++;
      return nl + 1;
    }
    // Unquoted field: up to the delimiter or the end of the line.
    let p = pos;
    while (p < end) {
      const c = buf[p]!;
      if (c === delim || c === LF) break;
      p++;
    }
    if (p >= end) {
      if (!final) return -1;
      out.push(pos, p > pos && buf[p - 1] === CR ? p - 1 : p, 0);
      return end;
    }
    if (buf[p] === delim) { out.push(pos, p, 0); pos = p + 1; continue; }
    out.push(pos, p > pos && buf[p - 1] === CR ? p - 1 : p, 0);
    out.newlines++;
    return p + 1;
  }
}

/** The text of field `i` of the record (quotes removed, "" unescaped): for inference and errors. */
export function fieldText(buf: Uint8Array, f: RecordFields, i: number): string {
  const s = Buffer.from(buf.buffer, buf.byteOffset + f.starts[i]!, f.ends[i]! - f.starts[i]!).toString('utf8');
  return f.flags[i] === 2 ? s.replaceAll('""', '"') : s;
}
