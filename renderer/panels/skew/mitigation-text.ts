// What the engine did about a skewed stage, in one short line for the places that show it next
// to the stage (the heatmap row, the plan graph's stage box, the run history's run detail):
// "join 'with_user': partition 4 split in 8 (246,577 rows vs. a median of 21,195): hot key user_id=42".
// The engine's own message (Mitigation.message) is the long form and stays in the tooltip.

import type { RunEvent } from '../../../main/api.ts';

export type Mitigation = NonNullable<Extract<RunEvent, { type: 'stage.finished' }>['mitigations']>[number];

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

export function mitigationText(m: Mitigation): string {
  if (m.kind === 'coalesce') {
    const groups = m.groups.map((g) => `${g.partitions[0]}-${g.partitions[g.partitions.length - 1]} (${fmt(g.rows)} rows)`).join(', ');
    return `'${m.nodeId}': ${m.partitions} partitions ran as ${m.tasks} task${m.tasks === 1 ? '' : 's'}, tiny ones coalesced: ${groups}`;
  }
  if (m.kind === 'two-level-aggregate') {
    return `aggregate '${m.nodeId}': count_distinct in two levels (distinct on key and value over ${m.pairRows.length} partitions, then count by key)`;
  }
  const what = `join '${m.nodeId}': partition ${m.partition} split in ${m.splitInto}`;
  const size = ` (${fmt(m.rows)} rows vs. a median of ${fmt(m.medianRows)})`;
  const key = m.hotKey ? `: hot key ${m.hotKey.column}=${m.hotKey.value} (${Math.round(m.hotKey.share * 100)}% of the partition)` : '';
  return `${what}${size}${key}`;
}

/** The coalesced group a partition belongs to (its partitions), if the stage coalesced it. */
export function coalescedGroup(mitigations: readonly Mitigation[] | undefined, partition: number): readonly number[] | undefined {
  for (const m of mitigations ?? []) {
    if (m.kind !== 'coalesce') continue;
    const g = m.groups.find((x) => x.partitions.includes(partition));
    if (g) return g.partitions;
  }
  return undefined;
}

/** Every mitigation of a stage summary, or none (older runs and unskewed stages have none). */
export function mitigationsOf(summary: { readonly mitigations?: readonly Mitigation[] } | undefined): readonly Mitigation[] {
  return summary?.mitigations ?? [];
}
