// Scan: a leaf of the first stage; the executor hands each partition a contiguous range of the
// source's splits, so partition order is file order.

import type { ScanNode } from '../logical/plan.ts';
import type { PlanContext, Pipe } from './plan-context.ts';
import type { ScanOp } from './physical-types.ts';

export function planScan(ctx: PlanContext, node: ScanNode): Pipe {
  const { nodeId, format, options, sourceSchema, columns, schema, filters, estimate, pathPolicy, topK } = node;
  const scan = {
    nodeId, format, options, sourceSchema, columns, schema, filters,
    ...(estimate ? { estimate } : {}), ...(pathPolicy ? { pathPolicy } : {}), ...(topK ? { topK } : {}),
    ...(ctx.prefixRows !== undefined ? { prefixRows: ctx.prefixRows } : {}),
  };
  const op = ctx.op<ScanOp>({ kind: 'scan', nodeId, schema, final: true, scan });
  return { op, partitions: ctx.partitions, partitioning: { kind: 'any' } };
}
