// The run at a glance: status, per node rows / partitions / time, per stage min-median-max, logs.

import { formatMs, formatRows } from '../../nodes/generic/NodeCard.tsx';
import { useStudio } from '../../store/studio-store.ts';

export function ProgressTab() {
  const run = useStudio((s) => s.run);
  const doc = useStudio((s) => s.doc);
  if (run.status === 'idle') {
    return <div className="empty-state pad">Press <kbd>Run</kbd> (or Ctrl+Enter) to run the pipeline; progress shows here and on every node.</div>;
  }
  return (
    <div className="progress-tab">
      <div className={`run-banner status-${run.status}`} data-testid="run-status" data-status={run.status}>
        <strong>{run.status === 'starting' ? 'Starting…' : run.status === 'running' ? 'Running…' : run.status.toLowerCase()}</strong>
        {run.durationMs !== undefined && <span>in {formatMs(run.durationMs)}</span>}
        {run.runId && <span className="muted">run {run.runId}</span>}
        {run.error && <span className="issue">{run.error.nodeId ? `${run.error.nodeId}: ` : ''}{run.error.message}</span>}
      </div>
      <div className="progress-columns">
        <table className="table compact">
          <thead><tr><th>node</th><th>state</th><th className="num">rows</th><th className="num">partitions</th><th className="num">time</th></tr></thead>
          <tbody>
            {doc.nodes.map((n) => {
              const r = run.nodes[n.id];
              return (
                <tr key={n.id} className={`run-${r?.state ?? 'waiting'}`}>
                  <td>{n.id}</td>
                  <td><span className="run-state">{r?.state ?? '—'}</span></td>
                  <td className="num">{r ? formatRows(r.rows) : ''}</td>
                  <td className="num">{r && r.partitionsTotal > 0 ? `${r.partitionsDone}/${r.partitionsTotal}` : ''}</td>
                  <td className="num">{r?.durationMs !== undefined ? formatMs(r.durationMs) : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <table className="table compact">
          <thead><tr><th>stage</th><th>nodes</th><th>exchange</th><th className="num">rows min / med / max</th><th className="num">time max</th></tr></thead>
          <tbody>
            {run.stages.map((s) => (
              <tr key={s.info.stageId} className={s.summary?.skewed ? 'skewed' : ''}>
                <td>{s.info.stageId}</td>
                <td>{s.info.nodeIds.join(', ')}</td>
                <td>{s.info.exchange}</td>
                <td className="num">{s.summary ? `${formatRows(s.summary.rows.min)} / ${formatRows(s.summary.rows.median)} / ${formatRows(s.summary.rows.max)}` : `${s.partitions.filter(Boolean).length}/${s.info.partitions} done`}</td>
                <td className="num">{s.summary ? formatMs(s.summary.durationMs.max) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {run.logs.length > 0 && (
        <div className="logs">
          {run.logs.slice(-50).map((l, i) => <div key={i} className={`log log-${l.level}`}>{l.nodeId ? `[${l.nodeId}] ` : ''}{l.message}</div>)}
        </div>
      )}
    </div>
  );
}
