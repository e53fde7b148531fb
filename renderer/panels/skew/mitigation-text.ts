// What the engine did about a skewed stage, in one short line for the places that show it next
// to the stage (the heatmap row, the plan graph's stage box, the run history's run detail):
// "join 'with_user': partition 4 split in 8 (246,577 rows vs. a median of 21,195): hot key user_id=42".
// The engine's own message (Mitigation.message) is the long form and stays in the tooltip.

import type { RunEvent } from '../../../main/api.ts';

export type Mitigation = NonNullable<Extract<RunEvent, { type: 'stage.finished' }>['mitigations']>[number];

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

export function mitigationText(m: Mitigation): string {
  const what = `join '${m.nodeId}': partition ${m.partition} split in ${m.splitInto}`;
  const size = ` (${fmt(m.rows)} rows vs. a median of ${fmt(m.medianRows)})`;
  const key = m.hotKey ? `: hot key ${m.hotKey.column}=${m.hotKey.value} (${Math.round(m.hotKey.share * 100)}% of the partition)` : '';
  return `${what}${size}${key}`;
}

/** Every mitigation of a stage summary, or none (older runs and unskewed stages have none). */
export function mitigationsOf(summary: { readonly mitigations?: readonly Mitigation[] } | undefined): readonly Mitigation[] {
  return summary?.mitigations ?? [];
}
