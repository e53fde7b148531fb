// Splitting a skewed shuffle-join partition (as Spark's OptimizeSkewedJoin): when the probe side's
// rows routed to one partition are over the skew rule (skewFactor x the median and over a minimum
// size), that partition runs as several tasks in parallel, each joining a contiguous part of the
// probe rows with the whole matching build partition. Correct only where every output row comes
// from one probe row: inner joins, outer joins whose preserved side is the probe, semi and anti
// joins keeping the probe side; never when the build side's unmatched rows are emitted (they
// would be emitted once per sub-partition).

import { opsOf, type JoinOp, type PhysOp, type ReadOp, type Stage } from '../../physical/physical-types.ts';

export interface SplittableJoin { readonly join: JoinOp; readonly probeRead: ReadOp }

/** Operators that may sit above the join in a split stage: row-by-row, or a partial aggregate
 *  whose partial groups are merged by the final aggregate after the exchange. */
function passesThrough(op: PhysOp): PhysOp | undefined {
  switch (op.kind) {
    case 'filter': case 'project': case 'mlApply': return op.input;
    case 'aggregate': case 'distinct': return op.phase === 'partial' ? op.input : undefined;
    default: return undefined;
  }
}

/** The shuffle join of `stage` whose probe partitions may be split, if any. */
export function splittableJoin(stage: Stage): SplittableJoin | undefined {
  const out = stage.output.kind;
  if (stage.inMain || out === 'sink' || stage.partitions <= 1) return undefined;
  // Every sub-task reads the whole build side: from exchanges only (a scan's splits are read once).
  if (opsOf(stage.root).some((o) => o.kind === 'scan')) return undefined;
  let op: PhysOp | undefined = stage.root;
  while (op && op.kind !== 'join') op = passesThrough(op);
  if (!op || op.kind !== 'join' || op.strategy !== 'shuffle' || op.emitUnmatched || !probeSideKept(op)) return undefined;
  // The probe side must be the exchange read itself (or rows derived from it one by one).
  let probe: PhysOp | undefined = op.probe;
  while (probe && (probe.kind === 'filter' || probe.kind === 'project')) probe = probe.input;
  if (!probe || probe.kind !== 'read' || probe.mode !== 'partition') return undefined;
  return { join: op, probeRead: probe };
}

function probeSideKept(op: JoinOp): boolean {
  const t = op.node.type;
  if (t === 'inner') return true;
  const probe = op.buildSide === 'left' ? 'right' : 'left';
  if (t === 'left') return probe === 'left';
  if (t === 'right') return probe === 'right';
  if (t === 'semi' || t === 'anti') return probe === 'left';
  return false;
}

/** How many sub-partitions each skewed partition is split into (absent: not split). A partition
 *  is cut into pieces of about max(median, minRows) rows, at most `maxSplit`. */
export function planSkewSplits(rows: readonly number[], opts: { factor: number; minRows: number; maxSplit: number }): Map<number, number> {
  const sorted = [...rows].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length === 0 ? 0 : sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const target = Math.max(median, opts.minRows);
  const out = new Map<number, number>();
  rows.forEach((r, p) => {
    if (!(r > opts.factor * median && r > opts.minRows)) return;
    const k = Math.min(Math.ceil(r / target), opts.maxSplit);
    if (k >= 2) out.set(p, k);
  });
  return out;
}
