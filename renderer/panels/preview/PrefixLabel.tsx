// The label of a preview answered by the fast path (PreviewResult.prefix): which sources were
// read only in part, and the action that computes the exact answer (also Shift+E).

import type { PreviewPrefixSource } from '../../../main/api.ts';

const n = (x: number): string => x.toLocaleString('en-US');

export function PrefixLabel({ prefix, loading, onExact }: { prefix: readonly PreviewPrefixSource[]; loading: boolean; onExact: () => void }) {
  const read = prefix.map((p) => `the first ${n(p.rows)} of ${n(p.ofRows)} rows of ${p.nodeId}`).join(', ');
  return (
    <span className="preview-approx" data-testid="preview-approx" title="An aggregate or sort over a large source is first computed from its first rows.">
      Approximate: from {read}
      <button type="button" className="btn small" disabled={loading} onClick={onExact} data-testid="preview-exact">Exact</button>
    </span>
  );
}
