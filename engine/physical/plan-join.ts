// Join: broadcast (the build side gathered and sent whole to every partition of the probe side)
// or shuffle (both sides hash-exchanged on their keys into the same partitions). The optimizer's
// `chosen` decides when set; otherwise the same rule as Spark: broadcast the right side of an
// inner/left/semi/anti join (the left side of a right join) when its estimate is under the
// threshold; never broadcast the preserved side, so a full join always shuffles.

import type { JoinNode } from '../logical/plan.ts';
import { placeholder, type Partitioning, type PlanContext, type Pipe } from './plan-context.ts';
import type { JoinOp } from './physical-types.ts';
import { planNode } from './planner.ts';
import { estimateBytes } from '../logical/estimate.ts';

export interface JoinDecision { readonly strategy: 'broadcast' | 'shuffle'; readonly buildSide: 'left' | 'right' }

export function decideJoin(node: JoinNode, thresholdBytes: number, firstRows = false): JoinDecision {
  const fast = firstRows ? firstRowsDecision(node) : undefined;
  if (fast) return fast;
  if (node.chosen) return { strategy: node.chosen.strategy, buildSide: node.chosen.buildSide };
  const broadcastable: 'left' | 'right' | undefined =
    node.type === 'full' ? undefined : node.type === 'right' ? 'left' : 'right';
  if (broadcastable === undefined || node.strategy === 'shuffle') return { strategy: 'shuffle', buildSide: 'right' };
  if (node.strategy === 'broadcast') return { strategy: 'broadcast', buildSide: broadcastable };
  const size = estimateBytes(broadcastable === 'left' ? node.left : node.right);
  return size !== undefined && size < thresholdBytes
    ? { strategy: 'broadcast', buildSide: broadcastable }
    : { strategy: 'shuffle', buildSide: 'right' };
}

/** A preview that stops at its first rows (PlanContext.firstRows): broadcast wherever the join
 *  type allows, whatever the sizes or the strategy asked for. A shuffle reads both sides whole
 *  before the first row comes out (the bench's events x users join, previewed inside a pipeline:
 *  about 2 s); a broadcast reads the build side whole, a budget spills it if need be, and the
 *  probe side only until the preview has its rows. An inner join builds on its smaller side. */
function firstRowsDecision(node: JoinNode): JoinDecision | undefined {
  if (node.chosen?.strategy === 'broadcast') return { strategy: 'broadcast', buildSide: node.chosen.buildSide };
  if (node.type === 'full') return undefined;
  if (node.type === 'right') return { strategy: 'broadcast', buildSide: 'left' };
  if (node.type !== 'inner') return { strategy: 'broadcast', buildSide: 'right' };
  const left = estimateBytes(node.left);
  const right = estimateBytes(node.right);
  return { strategy: 'broadcast', buildSide: left !== undefined && (right === undefined || left < right) ? 'left' : 'right' };
}

/** The build side's unmatched rows belong in the output when the build side is preserved. */
function buildPreserved(node: JoinNode, buildSide: 'left' | 'right'): boolean {
  return node.type === 'full' || (node.type === 'left' && buildSide === 'left') || (node.type === 'right' && buildSide === 'right');
}

export function planJoin(ctx: PlanContext, node: JoinNode): Pipe {
  const decision = decideJoin(node, ctx.broadcastThresholdBytes, ctx.firstRows);
  const left = planNode(ctx, node.left);
  const right = planNode(ctx, node.right);
  const stripped: JoinNode = { ...node, left: placeholder(node.left), right: placeholder(node.right) };
  const buildSide = decision.buildSide;
  const [buildPipe, probePipe] = buildSide === 'left' ? [left, right] : [right, left];
  let build: Pipe;
  let probe: Pipe;
  if (decision.strategy === 'broadcast') {
    if (buildPreserved(node, buildSide)) {
      throw new Error(`join '${node.nodeId}': a ${node.type} join cannot broadcast its preserved ${buildSide} side; use strategy "shuffle"`);
    }
    build = ctx.broadcast(buildPipe, node.nodeId);
    probe = probePipe;
  } else {
    const leftKeys = node.on.map((k) => k.left);
    const rightKeys = node.on.map((k) => k.right);
    const single = left.partitions <= 1 && right.partitions <= 1;
    const shuffle = (pipe: Pipe, keys: readonly string[]): Pipe =>
      single || (pipe.partitioning.kind === 'hash' && sameKeys(pipe.partitioning.keys, keys) && pipe.partitions === ctx.partitions)
        ? pipe
        : ctx.hashExchange(pipe, keys, ctx.partitions, node.nodeId);
    const l = shuffle(left, leftKeys);
    const r = shuffle(right, rightKeys);
    [build, probe] = buildSide === 'left' ? [l, r] : [r, l];
    // The hot key of a skewed join partition is the probe side's (the side a split cuts): the
    // build side, read first, would otherwise take the partition's one key sampler.
    if (build.op.kind === 'read' && build.op.sampleKeys) {
      const { sampleKeys: _unused, ...unsampled } = build.op;
      build = { ...build, op: unsampled };
    }
  }
  const op = ctx.op<JoinOp>({
    kind: 'join', nodeId: node.nodeId, schema: node.schema, final: true,
    build: build.op, probe: probe.op, node: stripped, buildSide, strategy: decision.strategy,
    emitUnmatched: buildPreserved(node, buildSide),
  });
  const partitions = Math.max(build.partitions, probe.partitions);
  if (partitions <= 1) return { op, partitions, partitioning: { kind: 'single' } };
  return { op, partitions, partitioning: decision.strategy === 'shuffle' ? shuffledOutput(node) : { kind: 'any' } };
}

/** A shuffle join's output stays hash-partitioned on the left keys when each output row carries
 *  its left row's key values under the left key names (inner, left, semi and anti joins): an
 *  aggregate or distinct on those keys (and more) then needs no second exchange. Right and full
 *  joins also emit right-only rows, whose left key is null or taken from the right: not claimed. */
function shuffledOutput(node: JoinNode): Partitioning {
  if (node.type !== 'inner' && node.type !== 'left' && node.type !== 'semi' && node.type !== 'anti') return { kind: 'any' };
  const leftFields = node.left.schema.fields; const outFields = node.schema.fields;
  const keys = node.on.map((k) => k.left);
  const kept = keys.every((k) => {
    const i = leftFields.findIndex((f) => f.name === k);
    return i >= 0 && outFields[i]?.name === k;
  });
  return kept ? { kind: 'hash', keys } : { kind: 'any' };
}

/** An existing hash partitioning is reused only when it hashed exactly this key list, in order. */
function sameKeys(existing: readonly string[], keys: readonly string[]): boolean {
  return existing.length === keys.length && existing.every((k, i) => k === keys[i]);
}
