// Test helpers: build a ScanNode for a source the way the compiler would, and read it fully.

import type { RecordBatch } from 'apache-arrow';
import type { Expr } from '../../logical/expr.ts';
import type { ScanFormat, ScanNode } from '../../logical/plan.ts';
import { inferSourceSchema } from '../source-schema.ts';
import { planSplits, readSplit } from '../splits.ts';

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
