// Test helpers: build a ScanNode for a source the way the compiler would, and read it fully.

import type { RecordBatch } from 'apache-arrow';
import type { Expr } from '../logical/expr.ts';
import type { ScanFormat, ScanNode } from '../logical/plan.ts';
import { inferSourceSchema } from './source-schema.ts';
import { planSplits, readSplit } from './splits.ts';

export async function scanOf(format: ScanFormat, options: Record<string, unknown>, columns?: string[], filters: Expr[] = []): Promise<ScanNode> {
  const { schema, estimate } = await inferSourceSchema(format, options);
  const cols = columns ?? schema.fields.map((f) => f.name);
  return {
    op: 'scan', nodeId: 'src', format, options, sourceSchema: schema, columns: cols, filters, estimate,
    schema: { fields: cols.map((c) => schema.fields.find((f) => f.name === c)!) },
  };
}

export async function readScan(scan: ScanNode, partitions = 2): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for (const split of await planSplits(scan, partitions)) {
    for await (const b of readSplit(structuredClone(split), scan)) out.push(b);
  }
  return out;
}

/** Rows as arrays of JS values (bigint kept), for equality checks. */
export function rowsOf(batches: readonly RecordBatch[]): unknown[][] {
  const out: unknown[][] = [];
  for (const b of batches) {
    for (let i = 0; i < b.numRows; i++) out.push(b.schema.fields.map((_, c) => b.getChildAt(c)!.get(i)));
  }
  return out;
}

/** Rows with dates as day numbers and timestamps as bigint microseconds (exact), other values via get(). */
export function exactRows(batches: readonly RecordBatch[]): unknown[][] {
  const out: unknown[][] = [];
  for (const b of batches) {
    const cols = b.schema.fields.map((f, c) => ({ t: String(f.type), v: b.getChildAt(c)! }));
    for (let i = 0; i < b.numRows; i++) {
      out.push(cols.map(({ t, v }) => {
        const x = v.get(i);
        if (x === null) return null;
        if (t.startsWith('Date')) return Math.round((x as number) / 86_400_000);
        if (t.startsWith('Timestamp')) {
          const d = v.data[0]!; // single-chunk batches: raw microseconds
          return (d.values as BigInt64Array)[d.offset + i];
        }
        if (t.startsWith('FixedSizeList')) return Array.from(x as Iterable<number>);
        return x;
      }));
    }
  }
  return out;
}
