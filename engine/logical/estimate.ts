// Size estimates of a logical plan for the broadcast decision (the optimizer's join-strategy rule
// and the physical planner when no rule chose). As Spark: the estimated in-memory size of the
// relation after projection = rows x the width of the columns it carries (4 bytes int32/date, 8
// int64/float64/timestamp, a string its average length + 4). Rows come from the Parquet footer /
// the generator, never from the file's compressed size; filters keep their input's rows (an
// upper bound), projects change the width, grouped aggregates and joins are unknown.

import type { LogicalPlan } from './plan.ts';
import type { DataType, Schema } from '../types.ts';

const WIDTH: Record<DataType, number> = { bool: 1, int32: 4, int64: 8, float64: 8, string: 16, date: 4, timestamp: 8, vector: 64 };
const SAMPLE_DEFAULT_ROWS: Record<string, number> = { events: 100_000, users: 1000, houses: 1000 };

export function rowWidth(schema: Schema): number {
  return schema.fields.reduce((n, f) => n + WIDTH[f.type], 0) || 1;
}

export function estimateRows(p: LogicalPlan): number | undefined {
  switch (p.op) {
    case 'scan': {
      if (p.estimate?.rows !== undefined) return p.estimate.rows;
      if (p.format === 'sample') {
        const rows = p.options['rows'];
        return typeof rows === 'number' ? rows : SAMPLE_DEFAULT_ROWS[String(p.options['dataset'])];
      }
      if (p.estimate?.bytes !== undefined) return Math.ceil(p.estimate.bytes / rowWidth(p.sourceSchema));
      return undefined;
    }
    case 'empty': return 0;
    case 'limit': {
      const n = estimateRows(p.input);
      return n === undefined ? p.count : Math.min(n, p.count);
    }
    case 'sort': {
      const n = estimateRows(p.input);
      return p.limit === undefined ? n : n === undefined ? p.limit : Math.min(n, p.limit);
    }
    case 'union': {
      const [a, b] = p.inputs.map(estimateRows);
      return a === undefined || b === undefined ? undefined : a + b;
    }
    case 'join': {
      const a = estimateRows(p.left);
      const b = estimateRows(p.right);
      if (a === undefined || b === undefined) return undefined;
      return p.type === 'semi' || p.type === 'anti' ? a : Math.max(a, b) + (p.type === 'full' ? Math.min(a, b) : 0);
    }
    case 'ml': return p.inputs[0] ? estimateRows(p.inputs[0]) : undefined;
    default: return estimateRows(p.input);
  }
}

/** In-memory size of a relation, as Spark decides broadcasts: rows x the width of its columns. */
export function estimateBytes(p: LogicalPlan): number | undefined {
  const r = relationSize(p);
  return r.rows === undefined ? undefined : r.rows * widthOf(p.schema, r.widths);
}

/** Bytes per value in memory when nothing better is known; a string is its length + 4 (offset). */
const FIXED_WIDTH: Record<Exclude<DataType, 'string'>, number> = { bool: 1, int32: 4, date: 4, int64: 8, float64: 8, timestamp: 8, vector: 64 };
const DEFAULT_STRING_WIDTH = 16 + 4;

interface RelationSize {
  /** Upper bound of the rows; undefined = unknown (never broadcast on a guess). */
  readonly rows?: number;
  /** Known widths of columns (strings from the Parquet footer, carried through projects). */
  readonly widths: ReadonlyMap<string, number>;
}

function widthOf(schema: Schema, widths: ReadonlyMap<string, number>): number {
  return schema.fields.reduce((n, f) => n + (widths.get(f.name) ?? (f.type === 'string' ? DEFAULT_STRING_WIDTH : FIXED_WIDTH[f.type])), 0);
}

const UNKNOWN: RelationSize = { widths: new Map() };

function relationSize(p: LogicalPlan): RelationSize {
  switch (p.op) {
    case 'scan': {
      const rows = estimateRows(p);
      const widths = new Map<string, number>();
      // Uncompressed bytes per column from the Parquet footer, where the reader gives them
      // (a string's is its length + 4 per value, the same as in memory).
      const perColumn = p.estimate?.columnBytes;
      if (perColumn && rows) {
        for (const f of p.schema.fields) {
          const bytes = perColumn[f.name];
          if (f.type === 'string' && bytes !== undefined) widths.set(f.name, Math.max(4, bytes / rows));
        }
      }
      return { ...(rows !== undefined ? { rows } : {}), widths };
    }
    case 'empty': return { rows: 0, widths: new Map() };
    case 'filter': case 'repartition': case 'distinct': case 'sink': return relationSize(p.input);
    case 'sort': case 'limit': {
      const inner = relationSize(p.input);
      const cap = p.op === 'limit' ? p.count : p.limit;
      if (cap === undefined) return inner;
      return { rows: inner.rows === undefined ? cap : Math.min(inner.rows, cap), widths: inner.widths };
    }
    case 'project': {
      const inner = relationSize(p.input);
      const widths = new Map<string, number>();
      for (const item of p.items) {
        const w = item.expr.kind === 'column' ? inner.widths.get(item.expr.name) : undefined;
        if (w !== undefined) widths.set(item.name, w);
      }
      return { ...(inner.rows !== undefined ? { rows: inner.rows } : {}), widths };
    }
    case 'union': {
      const [a, b] = p.inputs.map(relationSize) as [RelationSize, RelationSize];
      const widths = new Map(a.widths);
      for (const [k, w] of b.widths) widths.set(k, Math.max(w, widths.get(k) ?? 0));
      return a.rows !== undefined && b.rows !== undefined ? { rows: a.rows + b.rows, widths } : UNKNOWN;
    }
    // A global aggregate is one row; grouped aggregates and joins have no bound without statistics.
    case 'aggregate': return p.groupBy.length === 0 ? { rows: 1, widths: new Map() } : UNKNOWN;
    case 'join': case 'ml': return UNKNOWN;
  }
}
