// One recorded run whole: state timeline, per-node rows and time, stages (skew flagged), errors
// on their nodes, outputs, fitted models, logs, and what can be done with it.

import type { RunRecord } from '../../../main/api.ts';
import { useStudio } from '../../store/studio-store.ts';
import { documentDiff } from './doc-diff.ts';
import { formatDuration, formatTime } from './replay.ts';
import { RunMitigations } from './RunMitigations.tsx';

export interface RunActions {
  showOnCanvas(r: RunRecord): void;
  openVersion(r: RunRecord): void;
  rerun(r: RunRecord): Promise<void>;
}

export function RunDetail({ run, actions }: { run: RunRecord; actions: RunActions }) {
  const current = useStudio((s) => s.doc);
  const changes = documentDiff(run.document, current);
  return (
    <div className="run-detail" data-testid="run-detail">
      <h3 style={{ margin: '4px 0' }}>Run <code>{run.id.slice(0, 8)}</code> · {run.state}</h3>
      <div className="muted">{run.pipeline} · {run.trigger} · attempt {run.attempt} of {run.maxAttempts} · content {run.contentHash}</div>
      <div className="muted" data-testid="run-detail-target">on {run.target === 'spark'
        ? `Spark${run.spark?.applicationId ? `: application ${run.spark.applicationId}` : ''}${run.spark?.master ? ` (${run.spark.master})` : ''}`
        : 'the local engine'}</div>
      <div style={{ display: 'flex', gap: 8, margin: '8px 0' }}>
        <button type="button" onClick={() => actions.showOnCanvas(run)} disabled={run.stages.length === 0}>Show on canvas and heatmap</button>
        <button type="button" onClick={() => actions.openVersion(run)}>Open this version</button>
        <button type="button" onClick={() => void actions.rerun(run)}>Re-run</button>
      </div>
      <h4>Timeline</h4>
      <ol data-testid="run-timeline">
        {run.timeline.map((t, i) => <li key={i}>{formatTime(t.at)} <strong>{t.state}</strong>{t.message ? ` · ${t.message}` : ''}</li>)}
      </ol>
      {run.error ? <p className="error" role="alert">Error{run.error.nodeId ? ` in node '${run.error.nodeId}'` : ''}: {run.error.message}</p> : null}
      {run.nodeMetrics.length > 0 ? (
        <>
          <h4>Nodes</h4>
          <table className="grid"><thead><tr><th>Node</th><th>Rows</th><th>Time</th></tr></thead>
            <tbody>{run.nodeMetrics.map((n) => <tr key={n.nodeId}><td>{n.nodeId}</td><td>{n.rows.toLocaleString()}</td><td>{formatDuration(n.durationMs)}</td></tr>)}</tbody>
          </table>
        </>
      ) : null}
      {run.stages.length > 0 ? (
        <>
          <h4>Stages</h4>
          <table className="grid"><thead><tr><th>Stage</th><th>Nodes</th><th>Partitions</th><th>Rows min/median/max</th><th>Skew</th></tr></thead>
            <tbody>{run.stages.map((s) => {
              const sum = run.stageSummaries.find((x) => x.stageId === s.stageId);
              return (
                <tr key={s.stageId}><td>{s.stageId}</td><td>{s.nodeIds.join(', ')}</td><td>{s.partitions}</td>
                  <td>{sum ? `${sum.rows.min}/${sum.rows.median}/${sum.rows.max}` : '–'}</td>
                  <td>{sum?.skewed ? `skewed: partitions ${sum.skewedPartitions.join(', ')}` : ''}</td></tr>
              );
            })}</tbody>
          </table>
        </>
      ) : null}
      <RunMitigations summaries={run.stageSummaries} />
      {run.outputs.length > 0 ? (
        <><h4>Outputs</h4><ul>{run.outputs.map((o) => <li key={o.path}><code>{o.path}</code> · {o.rows.toLocaleString()} rows{o.bytes !== undefined ? ` · ${o.bytes.toLocaleString()} bytes` : ''}</li>)}</ul></>
      ) : null}
      {run.models.length > 0 ? (
        <><h4>Models</h4><ul>{run.models.map((m) => <li key={m.nodeId}>{m.nodeId} ({m.kind}): <code>{JSON.stringify(m.summary).slice(0, 200)}</code></li>)}</ul></>
      ) : null}
      <h4>The document as it ran, against the open one</h4>
      {changes.length === 0 ? <p className="muted" data-testid="doc-diff">The same as the open document.</p>
        : <ul data-testid="doc-diff">{changes.map((c) => <li key={c}>{c}</li>)}</ul>}
      {run.logs.length > 0 ? (
        <><h4>Logs</h4><pre className="logs" style={{ maxHeight: 160, overflow: 'auto' }}>{run.logs.map((l) => `${formatTime(l.at)} ${l.level}${l.nodeId ? ` [${l.nodeId}]` : ''} ${l.message}`).join('\n')}</pre></>
      ) : null}
    </div>
  );
}
