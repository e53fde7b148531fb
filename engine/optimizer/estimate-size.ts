// What the optimizer knows of a relation's size before running: upper bounds carried from the
// scans' estimates (Parquet footer, file size, generator, a previous run) through the plan.
// Filters keep their input's bound (they can only remove rows); aggregates with group keys and
// joins are unknown (no statistics to bound them). Unknown is never guessed: a join side of
// unknown size is never broadcast.

import type { DataType, Schema } from '../types.ts';
import type { LogicalPlan } from '../logical/plan.ts';

/** Bytes per value in memory (Arrow), strings and vectors as a typical width. */
const WIDTH: Record<DataType, number> = { bool: 1, int32: 4, int64: 8, float64: 8, string: 16, date: 4, timestamp: 8, vector: 64 };

export function rowWidth(schema: Schema): number {
  return schema.fields.reduce((n, f) => n + WIDTH[f.type], 0) || 1;
}

export interface SizeBound { readonly rows?: number; readonly bytes?: number }

export function estimateSize(p: LogicalPlan): SizeBound {
  switch (p.op) {
    case 'scan': {
      const rows = p.estimate?.rows ?? (p.format === 'sample' && typeof p.options['rows'] === 'number' ? p.options['rows'] : undefined);
      // A pruned scan reads its share of the bytes (by value width).
      const share = rowWidth(p.schema) / rowWidth(p.sourceSchema);
      const bytes = p.estimate?.bytes !== undefined ? Math.round(p.estimate.bytes * share)
        : rows !== undefined ? rows * rowWidth(p.schema) : undefined;
      return { ...(rows !== undefined ? { rows } : {}), ...(bytes !== undefined ? { bytes } : {}) };
    }
    case 'empty': return { rows: 0, bytes: 0 };
    case 'filter': case 'sort': case 'repartition': case 'distinct': case 'sink': {
      const s = estimateSize(p.input);
      return p.op === 'sort' && p.limit !== undefined ? capRows(s, p.limit, p.schema) : s;
    }
    case 'limit': return capRows(estimateSize(p.input), p.count, p.schema);
    case 'project': {
      const s = estimateSize(p.input);
      return s.rows !== undefined ? { rows: s.rows, bytes: s.rows * rowWidth(p.schema) } : {};
    }
    case 'aggregate': return p.groupBy.length === 0 ? { rows: 1, bytes: rowWidth(p.schema) } : {};
    case 'union': {
      const [a, b] = p.inputs.map(estimateSize) as [SizeBound, SizeBound];
      return {
        ...(a.rows !== undefined && b.rows !== undefined ? { rows: a.rows + b.rows } : {}),
        ...(a.bytes !== undefined && b.bytes !== undefined ? { bytes: a.bytes + b.bytes } : {}),
      };
    }
    case 'join': case 'ml': return {};
  }
}

function capRows(s: SizeBound, n: number, schema: Schema): SizeBound {
  const rows = s.rows === undefined ? n : Math.min(s.rows, n);
  const capBytes = rows * rowWidth(schema);
  return { rows, bytes: s.bytes === undefined ? capBytes : Math.min(s.bytes, capBytes) };
}

/** `40 KB`, `1.5 MB`: 1024-based, as Spark's thresholds are. */
export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n, u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  const text = v < 10 && u > 0 ? (Math.round(v * 10) / 10).toString() : Math.round(v).toString();
  return `${text} ${units[u]}`;
}
