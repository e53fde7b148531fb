// Hive-style partition keys: which rows of a batch go to which col=value folder.

import type { RecordBatch } from 'apache-arrow';

/** Hive's name for the folder of null partition values. */
export const NULL_PARTITION = '__HIVE_DEFAULT_PARTITION__';

/** The text of a partition value in a folder name (dates as YYYY-MM-DD, timestamps ISO). */
function keyText(v: unknown, typeName: string): string {
  if (v === null || v === undefined) return NULL_PARTITION;
  if (typeName.startsWith('Date')) return new Date(v as number).toISOString().slice(0, 10);
  if (typeName.startsWith('Timestamp')) return new Date(v as number).toISOString();
  return String(v);
}

/** Escapes characters that cannot appear in a folder name, as Hive does (%XX). */
function escapePathValue(s: string): string {
  return s.replace(/[\u0000-\u001f"#%'*/:=?\\\u007f{}[\]^]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function partitionFolder(by: readonly string[], key: readonly string[]): string {
  return by.map((c, i) => `${escapePathValue(c)}=${escapePathValue(key[i]!)}`).join('/');
}

/** Distinct partition keys of the batch and, per key, the row indexes holding it. */
export function partitionKeys(batch: RecordBatch, by: readonly string[]): { keys: string[][]; groups: Int32Array[] } {
  const cols = by.map((c) => batch.getChild(c)!);
  const types = cols.map((c) => String(c.type));
  const ids = new Map<string, number>();
  const keys: string[][] = [];
  const rowsOf: number[][] = [];
  for (let i = 0; i < batch.numRows; i++) {
    const parts = cols.map((c, k) => keyText(c.get(i), types[k]!));
    const joined = parts.join('\u0000');
    let g = ids.get(joined);
    if (g === undefined) {
      g = keys.length;
      ids.set(joined, g);
      keys.push(parts);
      rowsOf.push([]);
    }
    rowsOf[g]!.push(i);
  }
  return { keys, groups: rowsOf.map((r) => Int32Array.from(r)) };
}
