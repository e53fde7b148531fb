// Size estimate of a logical plan, in bytes, for the broadcast decision when the optimizer has
// not chosen. Conservative: filters and aggregates are assumed to keep every row; unknown
// sources give undefined (never broadcast on a guess).

import type { LogicalPlan } from '../logical/plan.ts';
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

export function estimateBytes(p: LogicalPlan): number | undefined {
  if (p.op === 'scan' && p.estimate?.bytes !== undefined && p.columns.length === p.sourceSchema.fields.length) return p.estimate.bytes;
  const rows = estimateRows(p);
  return rows === undefined ? undefined : rows * rowWidth(p.schema);
}
