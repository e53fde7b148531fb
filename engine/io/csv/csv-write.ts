// CSV writing: RFC 4180 quoting where needed, and the null rule of docs/pipeline-format.md (a null is an
// empty unquoted field, an empty string is ""), so written files read back unchanged.

import { open } from 'node:fs/promises';
import { type Data, type RecordBatch, Type } from 'apache-arrow';

/** Days since the epoch -> YYYY-MM-DD. */
function formatDate(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

/** Microseconds since the epoch -> YYYY-MM-DDTHH:MM:SS.ffffffZ. */
function formatTimestamp(us: bigint): string {
  const ms = us / 1000n - (us % 1000n < 0n ? 1n : 0n);
  const micros = Number(us - ms * 1000n);
  const iso = new Date(Number(ms)).toISOString(); // ...SS.mmmZ
  return `${iso.slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
}

export function floatText(x: number): string {
  return Object.is(x, -0) ? '-0.0' : String(x);
}

/** A function giving row i's text (undefined for null) for one column. */
function formatter(d: Data): (i: number) => string | undefined {
  const valid = (i: number): boolean => {
    if (d.nullCount === 0 || !d.nullBitmap) return true;
    const j = d.offset + i;
    return ((d.nullBitmap[j >>> 3]! >>> (j & 7)) & 1) === 1;
  };
  const o = d.offset;
  switch (d.type.typeId) {
    case Type.Int: {
      const v = d.values as Int32Array | BigInt64Array;
      return (i) => (valid(i) ? String(v[o + i]) : undefined);
    }
    case Type.Float: {
      // String() is the shortest text that reads back as the same double, except that it drops
      // the sign of -0 ("0"): written as -0.0, as DuckDB and Spark write it.
      const v = d.values as Float64Array;
      return (i) => (valid(i) ? floatText(v[o + i]!) : undefined);
    }
    case Type.Bool: {
      const v = d.values as Uint8Array;
      return (i) => (valid(i) ? (((v[(o + i) >>> 3]! >>> ((o + i) & 7)) & 1) === 1 ? 'true' : 'false') : undefined);
    }
    case Type.Date: {
      const v = d.values as Int32Array;
      return (i) => (valid(i) ? formatDate(v[o + i]!) : undefined);
    }
    case Type.Timestamp: {
      const v = d.values as BigInt64Array;
      return (i) => (valid(i) ? formatTimestamp(v[o + i]!) : undefined);
    }
    case Type.Utf8: {
      const offs = d.valueOffsets as Int32Array;
      const bytes = d.values as Uint8Array;
      const dec = new TextDecoder();
      return (i) => (valid(i) ? dec.decode(bytes.subarray(offs[o + i]!, offs[o + i + 1]!)) : undefined);
    }
    case Type.Dictionary: {
      const codes = d.values as Int32Array;
      const dict = d.dictionary!;
      const cache = new Map<number, string>();
      return (i) => {
        if (!valid(i)) return undefined;
        const c = codes[o + i]!;
        let s = cache.get(c);
        if (s === undefined) { s = String(dict.get(c)); cache.set(c, s); }
        return s;
      };
    }
    case Type.FixedSizeList: {
      const size = (d.type as unknown as { listSize: number }).listSize;
      const child = d.children[0]!;
      const v = child.values as Float64Array;
      return (i) => (valid(i) ? JSON.stringify(Array.from(v.subarray(child.offset + (o + i) * size, child.offset + (o + i + 1) * size))) : undefined);
    }
    default:
      throw new Error(`sink.csv cannot write a column of type ${String(d.type)}`);
  }
}

export interface CsvWriteOptions {
  readonly delimiter: string;
  readonly header: boolean;
}

/** Writes batches as CSV to `path` (created or truncated); returns rows written. */
export async function writeCsvFile(
  path: string, names: readonly string[], batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>, opts: CsvWriteOptions,
): Promise<number> {
  const delim = opts.delimiter;
  const needsQuote = new RegExp(`[${delim.replace(/[\\\]^-]/g, '\\$&')}"\\r\\n]`);
  const quote = (s: string): string => (s === '' ? '""' : needsQuote.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const fh = await open(path, 'w');
  let rows = 0;
  try {
    if (opts.header) await fh.write(names.map(quote).join(delim) + '\n');
    for await (const batch of batches) {
      const cols = names.map((n) => {
        const i = batch.schema.fields.findIndex((f) => f.name === n);
        if (i < 0) throw new Error(`sink.csv: the input has no column '${n}'`);
        return formatter(batch.data.children[i]!);
      });
      const parts: string[] = [];
      for (let r = 0; r < batch.numRows; r++) {
        let line = '';
        for (let c = 0; c < cols.length; c++) {
          if (c > 0) line += delim;
          const s = cols[c]!(r);
          if (s !== undefined) line += quote(s);
        }
        parts.push(line);
      }
      if (parts.length > 0) await fh.write(parts.join('\n') + '\n');
      rows += batch.numRows;
    }
  } finally {
    await fh.close();
  }
  return rows;
}
