// Two runs side by side (History tab, two runs ticked): per node and per stage rows and time,
// and what changed in the document between them.

import type { RunComparison, CompareRow } from './compare.ts';
import { formatDuration } from './replay.ts';

function Rows({ title, rows }: { title: string; rows: readonly CompareRow[] }) {
  return (
    <>
      <h4>{title}</h4>
      <table className="grid">
        <thead><tr><th /><th>Rows (older)</th><th>Rows (newer)</th><th>Time (older)</th><th>Time (newer)</th></tr></thead>
        <tbody>{rows.map((r) => (
          <tr key={r.key} data-testid="compare-row"><td>{r.key}</td>
            <td>{r.rows[0]?.toLocaleString() ?? '–'}</td><td>{r.rows[1]?.toLocaleString() ?? '–'}</td>
            <td>{formatDuration(r.ms[0])}</td><td>{formatDuration(r.ms[1])}</td></tr>
        ))}</tbody>
      </table>
    </>
  );
}

export function CompareView({ comparison }: { comparison: RunComparison }) {
  const [a, b] = comparison.runs;
  return (
    <div data-testid="run-compare">
      <h3 style={{ margin: '4px 0' }}>Run <code>{a.id.slice(0, 8)}</code> against <code>{b.id.slice(0, 8)}</code></h3>
      <div className="muted">{a.state} in {formatDuration(a.durationMs)} · {b.state} in {formatDuration(b.durationMs)}</div>
      <Rows title="Nodes" rows={comparison.nodes} />
      <Rows title="Stages" rows={comparison.stages} />
      <h4>Document changes</h4>
      {comparison.documentChanges.length === 0 ? <p className="muted">The same document.</p>
        : <ul>{comparison.documentChanges.map((c) => <li key={c}>{c}</li>)}</ul>}
    </div>
  );
}
