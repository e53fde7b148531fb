// join-strategy: decides how each join runs and says why (the reason shows in explain).
//   - a `strategy` param other than auto wins (broadcast where the join type allows it);
//   - else broadcast (copy to every partition, no shuffle of the other side) the smaller side
//     whose estimated size is under the threshold (default 10 MB, as Spark's
//     autoBroadcastJoinThreshold), else shuffle both sides by the join keys.
// Only a side whose rows need no "unmatched" bookkeeping can be the broadcast (build) side: the
// preserved side of an outer join is never broadcast, since every partition would emit its own
// copy of the unmatched rows. Left, semi and anti joins build on the right, right joins on the
// left, full joins always shuffle. Sizes are in-memory estimates after projection (rows x column
// widths, engine/logical/estimate.ts, shared with the physical planner; unknown = not broadcast);
// the reason shows both sides' estimates.

import type { JoinNode, LogicalPlan } from '../../logical/plan.ts';
import type { OptimizerRule } from '../rule.ts';
import { rewriteBottomUp } from '../plan-walk.ts';
import { formatBytes } from '../format-bytes.ts';
import { estimateBytes } from '../../logical/estimate.ts';

type Side = 'left' | 'right';
type Chosen = NonNullable<JoinNode['chosen']>;

function broadcastable(j: JoinNode): Side[] {
  switch (j.type) {
    case 'inner': return ['right', 'left'];
    case 'left': case 'semi': case 'anti': return ['right'];
    case 'right': return ['left'];
    case 'full': return [];
  }
}

const sizeText = (side: Side, bytes: number | undefined): string =>
  `${side} ${bytes === undefined ? 'size unknown' : `~${formatBytes(bytes)}`}`;

export function chooseStrategy(j: JoinNode, thresholdBytes: number): Chosen {
  const bytes: Record<Side, number | undefined> = { left: estimateBytes(j.left), right: estimateBytes(j.right) };
  const sizes = `${sizeText('left', bytes.left)}, ${sizeText('right', bytes.right)}`;
  const allowed = broadcastable(j);
  // The smallest known side among `sides`, else the first.
  const smallest = (sides: Side[]): Side => {
    const known = sides.filter((s) => bytes[s] !== undefined).sort((a, b) => bytes[a]! - bytes[b]!);
    return known[0] ?? sides[0]!;
  };
  const shuffleBuild: Side = allowed.length ? smallest(allowed) : 'right';
  if (j.strategy === 'shuffle') return { strategy: 'shuffle', buildSide: shuffleBuild, reason: 'requested' };
  if (j.strategy === 'broadcast') {
    if (allowed.length === 0) {
      return { strategy: 'shuffle', buildSide: 'right', reason: `a ${j.type} join keeps both sides' unmatched rows: broadcast requested but not possible` };
    }
    return { strategy: 'broadcast', buildSide: smallest(allowed), reason: 'requested' };
  }
  if (allowed.length === 0) return { strategy: 'shuffle', buildSide: 'right', reason: `${j.type} join keeps both sides' unmatched rows` };
  const small = allowed.filter((s) => bytes[s] !== undefined && bytes[s]! < thresholdBytes);
  if (small.length) {
    const side = smallest(small);
    return { strategy: 'broadcast', buildSide: side, reason: `${sizes}: ${side} < ${formatBytes(thresholdBytes)}` };
  }
  const limit = formatBytes(thresholdBytes);
  const why = allowed.length === 2 ? `no side under ${limit}`
    : `${allowed[0]} not under ${limit} (the ${allowed[0] === 'left' ? 'right' : 'left'} side is preserved)`;
  return { strategy: 'shuffle', buildSide: shuffleBuild, reason: `${sizes}: ${why}` };
}

function sameChoice(a: Chosen | undefined, b: Chosen): boolean {
  return a !== undefined && a.strategy === b.strategy && a.buildSide === b.buildSide && a.reason === b.reason;
}

export const joinStrategy: OptimizerRule = {
  name: 'join-strategy',
  description: 'choose broadcast or shuffle for each join from estimated side sizes, or as requested',
  apply: (roots, ctx) => rewriteBottomUp(roots, ctx, (p: LogicalPlan) => {
    if (p.op !== 'join') return p;
    const chosen = chooseStrategy(p, ctx.broadcastThresholdBytes);
    return sameChoice(p.chosen, chosen) ? p : { ...p, chosen };
  }),
};
