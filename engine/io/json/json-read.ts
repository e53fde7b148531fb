// NDJSON reader: byte-range parts split at newlines (exact: a JSON text holds no raw newline),
// lines parsed with JSON.parse, values written into typed arrays per projected column.

import { open, stat } from 'node:fs/promises';
import { DateDay, Float64, Int32, Int64, type RecordBatch, TimeUnit, Timestamp } from 'apache-arrow';
import type { DataType, Field } from '../../types.ts';
import { boolData, fixedData, makeBatch, utf8Data } from '../../compute/arrow-build.ts';
import { parseDate, parseTimestamp } from '../csv/parse-values.ts';

export interface JsonPart {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly firstLine: number;
}

const BATCH_ROWS = 65_536;
const CHUNK_BYTES = 4 << 20;
const MIN_SPLIT_BYTES = 32 << 20;

export async function planJsonParts(files: readonly string[], partitions: number, minSplitBytes: number = MIN_SPLIT_BYTES): Promise<JsonPart[]> {
  const parts: JsonPart[] = [];
  for (const file of files) {
    const size = (await stat(file)).size;
    const n = size <= minSplitBytes ? 1 : Math.max(partitions, Math.ceil(size / (4 * minSplitBytes)));
    if (n === 1) { parts.push({ file, start: 0, end: size, firstLine: 1 }); continue; }
    // One pass counting newlines, cutting after the first newline past each target.
    const fh = await open(file, 'r');
    try {
      const chunk = Buffer.alloc(CHUNK_BYTES);
      let start = 0;
      let firstLine = 1;
      let line = 1;
      let t = 1;
      for (let pos = 0; pos < size && t < n;) {
        const { bytesRead } = await fh.read(chunk, 0, CHUNK_BYTES, pos);
        if (bytesRead === 0) break;
        let i = chunk.indexOf(10);
        while (i >= 0 && i < bytesRead) {
          line++;
          const cut = pos + i + 1;
          if (cut >= Math.floor((size * t) / n) && cut < size) {
            parts.push({ file, start, end: cut, firstLine });
            start = cut;
            firstLine = line;
            t++;
            if (t >= n) break;
          }
          i = chunk.indexOf(10, i + 1);
        }
        pos += bytesRead;
      }
      parts.push({ file, start, end: size, firstLine });
    } finally {
      await fh.close();
    }
  }
  return parts;
}

interface Column {
  push(v: unknown): boolean;
  finish(n: number): import('apache-arrow').Data;
}

const enc = new TextEncoder();

function makeColumn(type: DataType): Column {
  const validity = new Uint8Array(BATCH_ROWS >>> 3);
  let n = 0;
  const valid = (ok: boolean): boolean => {
    if (ok) validity[n >>> 3]! |= 1 << (n & 7);
    else validity[n >>> 3]! &= ~(1 << (n & 7));
    n++;
    return true;
  };
  const reset = () => { n = 0; };
  switch (type) {
    case 'int32': case 'date': {
      const v = new Int32Array(BATCH_ROWS);
      return {
        push(x) {
          if (x === null || x === undefined) return valid(false);
          let y: number | undefined;
          if (type === 'int32') y = typeof x === 'number' && Number.isInteger(x) && x >= -2147483648 && x <= 2147483647 ? x : undefined;
          else if (typeof x === 'string') { const b = enc.encode(x); y = parseDate(b, 0, b.length); }
          if (y === undefined) return false;
          v[n] = y;
          return valid(true);
        },
        finish(rows) { const d = fixedData(type === 'date' ? new DateDay() : new Int32(), v.slice(0, rows), rows, validity.slice()); reset(); return d; },
      };
    }
    case 'int64': case 'timestamp': {
      const v = new BigInt64Array(BATCH_ROWS);
      return {
        push(x) {
          if (x === null || x === undefined) return valid(false);
          let y: number | undefined;
          if (type === 'int64') y = typeof x === 'number' && Number.isSafeInteger(x) ? x : undefined;
          else if (typeof x === 'string') { const b = enc.encode(x); y = parseTimestamp(b, 0, b.length) ?? (parseDate(b, 0, b.length) ?? NaN) * 86_400_000_000; }
          if (y === undefined || Number.isNaN(y)) return false;
          v[n] = BigInt(y);
          return valid(true);
        },
        finish(rows) {
          const t = type === 'int64' ? new Int64() : new Timestamp(TimeUnit.MICROSECOND, 'UTC');
          const d = fixedData(t, v.slice(0, rows), rows, validity.slice());
          reset();
          return d;
        },
      };
    }
    case 'float64': {
      const v = new Float64Array(BATCH_ROWS);
      return {
        push(x) {
          if (x === null || x === undefined) return valid(false);
          if (typeof x !== 'number') return false;
          v[n] = x;
          return valid(true);
        },
        finish(rows) { const d = fixedData(new Float64(), v.slice(0, rows), rows, validity.slice()); reset(); return d; },
      };
    }
    case 'bool': {
      const bits = new Uint8Array(BATCH_ROWS >>> 3);
      return {
        push(x) {
          if (x === null || x === undefined) return valid(false);
          if (typeof x !== 'boolean') return false;
          if (x) bits[n >>> 3]! |= 1 << (n & 7); else bits[n >>> 3]! &= ~(1 << (n & 7));
          return valid(true);
        },
        finish(rows) { const d = boolData(bits.slice(), rows, validity.slice()); reset(); return d; },
      };
    }
    case 'string': {
      const offsets = new Int32Array(BATCH_ROWS + 1);
      let bytes = new Uint8Array(1 << 20);
      return {
        push(x) {
          const s = x === null || x === undefined ? '' : typeof x === 'string' ? x : JSON.stringify(x);
          const at = offsets[n]!;
          if (at + s.length * 3 > bytes.length) {
            const g = new Uint8Array(Math.max(bytes.length * 2, at + s.length * 3));
            g.set(bytes.subarray(0, at));
            bytes = g;
          }
          offsets[n + 1] = at + enc.encodeInto(s, bytes.subarray(at)).written;
          return valid(x !== null && x !== undefined);
        },
        finish(rows) { const d = utf8Data(offsets.slice(0, rows + 1), bytes.slice(0, offsets[rows]!), rows, validity.slice()); reset(); return d; },
      };
    }
    case 'vector':
      throw new Error('a JSON field cannot be read as a vector');
  }
}

const show = (v: unknown): string => { const s = JSON.stringify(v) ?? String(v); return s.length > 60 ? `${s.slice(0, 57)}...` : s; };

export async function* readJsonPart(part: JsonPart, fields: readonly Field[]): AsyncGenerator<RecordBatch> {
  const names = fields.map((f) => f.name);
  const nullable = fields.map((f) => f.nullable);
  let cols = fields.map((f) => makeColumn(f.type));
  let rows = 0;
  let line = part.firstLine;
  const fh = await open(part.file, 'r');
  const dec = new TextDecoder();
  try {
    let carry = '';
    for (let pos = part.start; pos < part.end;) {
      const want = Math.min(CHUNK_BYTES, part.end - pos);
      const chunk = new Uint8Array(want);
      const { bytesRead } = await fh.read(chunk, 0, want, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      const text = carry + dec.decode(chunk.subarray(0, bytesRead), { stream: pos < part.end });
      const lines = text.split('\n');
      carry = pos < part.end ? lines.pop()! : '';
      for (const raw of lines) {
        const lineNo = line++;
        if (raw.trim() === '') continue;
        let obj: Record<string, unknown>;
        try {
          obj = JSON.parse(raw) as Record<string, unknown>;
        } catch (e) {
          throw new Error(`${part.file} line ${lineNo}: invalid JSON (${(e as Error).message})`);
        }
        if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
          throw new Error(`${part.file} line ${lineNo}: expected a JSON object, found ${show(obj)}`);
        }
        for (let j = 0; j < cols.length; j++) {
          const v = obj[names[j]!];
          if (!cols[j]!.push(v)) {
            throw new Error(`${part.file} line ${lineNo}, field '${names[j]}': ${show(v)} is not a ${fields[j]!.type} (the type was inferred from the first lines)`);
          }
        }
        if (++rows === BATCH_ROWS) {
          yield makeBatch(names, cols.map((c) => c.finish(rows)), rows, nullable);
          cols = fields.map((f) => makeColumn(f.type));
          rows = 0;
        }
      }
    }
    if (rows > 0) yield makeBatch(names, cols.map((c) => c.finish(rows)), rows, nullable);
  } finally {
    await fh.close();
  }
}
