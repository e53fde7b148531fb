// The preview's fast path for nodes that need all their input (aggregates, sorts, and what is
// downstream of them): answered first from each source's first rows (io/source-prefix.ts), by
// the same plan and operators as the exact answer, and labelled with what was read; the exact
// answer is a preview without the cap.

import type { PhysicalPlan } from '../physical/physical-types.ts';
import { opsOf } from '../physical/physical-types.ts';
import { sourcePrefix } from '../io/source-prefix.ts';

/** The cap of a fast preview, in source rows. A 2^20-row prefix keeps an aggregate preview over
 *  the 10M-row bench events in the warm studio engine near the first rows' latency (one row
 *  group of about a million rows; bench/speed measures it: docs/preview-fast-path.md). */
export const PREVIEW_PREFIX_ROWS = 1 << 20;

/** A source the preview read only the first rows of. */
export interface PrefixSource {
  readonly nodeId: string;
  /** Rows of the source read (before filters). */
  readonly rows: number;
  /** Rows of the whole source. */
  readonly ofRows: number;
}

/** The sources `physical` reads only a prefix of that is shorter than the source (empty when
 *  every source fitted under the cap, or the plan has no capped scans: the answer is exact). */
export async function cutSources(physical: PhysicalPlan): Promise<PrefixSource[]> {
  const out = new Map<string, PrefixSource>();
  for (const stage of physical.stages) {
    for (const op of opsOf(stage.root)) {
      if (op.kind !== 'scan' || op.scan.prefixRows === undefined || out.has(op.nodeId)) continue;
      const prefix = await sourcePrefix(op.scan, op.scan.prefixRows);
      if (prefix && prefix.rows < prefix.ofRows) out.set(op.nodeId, { nodeId: op.nodeId, rows: prefix.rows, ofRows: prefix.ofRows });
    }
  }
  return [...out.values()];
}
