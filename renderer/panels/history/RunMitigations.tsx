// The run detail's list of what the engine did about skew while the run went (issue 17): one
// line per mitigation, from the stage summaries stored with the run. Nothing when none.

import type { RunRecord } from '../../../main/api.ts';
import { mitigationsOf, mitigationText } from '../skew/mitigation-text.ts';

export function RunMitigations({ summaries }: { summaries: RunRecord['stageSummaries'] }) {
  const all = summaries.flatMap((s) => mitigationsOf(s).map((m) => ({ stageId: s.stageId, m })));
  if (all.length === 0) return null;
  return (
    <>
      <h4>Skew mitigations</h4>
      <ul data-testid="run-mitigations">
        {all.map(({ stageId, m }) => (
          <li key={`${stageId}-${m.kind}-${m.nodeId}-${m.partition}`} title={m.message}>stage {stageId} · {mitigationText(m)}</li>
        ))}
      </ul>
    </>
  );
}
