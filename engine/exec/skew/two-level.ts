// The decision of a count_distinct planned in two levels (physical/plan-count-distinct.ts), as a
// mitigation event of the stage running its first level: how the (key, value) pairs spread over
// that stage's partitions, where one level would have sent a hot key's values to one partition.

import type { TwoLevelAggregateMitigation } from '../events.ts';
import { opsOf, type DistinctOp, type Stage } from '../../physical/physical-types.ts';
import { formatCount } from './format-count.ts';

export function twoLevelMitigation(stage: Stage, pairRows: readonly number[]): TwoLevelAggregateMitigation | undefined {
  const first = opsOf(stage.root).find((o): o is DistinctOp => o.kind === 'distinct' && o.phase === 'final' && o.twoLevel === true);
  if (!first) return undefined;
  const keys = first.columns.slice(0, -1);
  const value = first.columns[first.columns.length - 1]!;
  const most = pairRows.reduce((best, r, p) => (r > (pairRows[best] ?? -1) ? p : best), 0);
  const by = keys.length > 0 ? ` by ${keys.join(', ')}` : '';
  return {
    kind: 'two-level-aggregate', stageId: stage.id, nodeId: first.nodeId, partition: most, pairRows: [...pairRows],
    message: `aggregate '${first.nodeId}': count_distinct(${value})${by} ran in two levels: distinct (${first.columns.join(', ')}) ` +
      `hashed on all ${first.columns.length} columns over ${pairRows.length} partitions (${formatCount(Math.min(...pairRows))} to ` +
      `${formatCount(Math.max(...pairRows))} pairs each), then a count${by}; a hot key's values are spread over the partitions ` +
      'instead of all landing in its one final partition',
  };
}
