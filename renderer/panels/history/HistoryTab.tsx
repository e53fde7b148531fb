// The History tab: every recorded run (the studio's, the CLI's, a schedule's, retries) with its
// state, target (local engine or Spark), trigger, start, duration and rows; filters by pipeline,
// state, trigger and target; live through
// the 'history' event. A run's detail: state timeline, per-node metrics, errors, logs, outputs;
// "Show on canvas" replays it (canvas, Progress and the skew heatmap), "Open this version" loads
// the document as it ran, "Re-run" runs that document again.

import { useCallback, useEffect, useState } from 'react';
import type { RunRecord, RunState, RunSummary, RunTarget } from '../../../main/api.ts';
import { errorText, theApi } from '../../session.ts';
import { store, useStudio } from '../../store/studio-store.ts';
import { formatDuration, formatTime, replayRun } from './replay.ts';
import { RunDetail } from './RunDetail.tsx';
import { compareRuns, type RunComparison } from './compare.ts';
import { CompareView } from './CompareView.tsx';

const STATES: readonly RunState[] = ['SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED'];

export function HistoryTab() {
  const path = useStudio((s) => s.path);
  const [runs, setRuns] = useState<readonly RunSummary[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [onlyThis, setOnlyThis] = useState(false);
  const [state, setState] = useState<RunState | ''>('');
  const [trigger, setTrigger] = useState('');
  const [target, setTarget] = useState<RunTarget | ''>('');
  const [selected, setSelected] = useState<RunRecord | undefined>();
  const [ticked, setTicked] = useState<readonly string[]>([]);
  const [comparison, setComparison] = useState<RunComparison | undefined>();

  // Two runs ticked: compare them (ticking a third drops the oldest tick).
  const tick = async (id: string, on: boolean) => {
    const next = on ? [...ticked.filter((t) => t !== id), id].slice(-2) : ticked.filter((t) => t !== id);
    setTicked(next);
    if (next.length !== 2) { setComparison(undefined); return; }
    try {
      const [a, b] = await Promise.all(next.map((runId) => theApi().call('history.get', { runId })));
      setComparison(compareRuns(a!, b!));
    } catch (e) {
      store.toast(errorText(e), 'error');
    }
  };

  const load = useCallback(async () => {
    try {
      setRuns(await theApi().call('history.list', {
        limit: 200, ...(onlyThis && path ? { pipeline: path } : {}), ...(state ? { state } : {}), ...(trigger ? { trigger } : {}),
        ...(target ? { target } : {}),
      }));
      setError(undefined);
    } catch (e) {
      setError(errorText(e));
    }
  }, [onlyThis, path, state, trigger, target]);

  useEffect(() => { void load(); }, [load]);
  // Live: any run changing state reloads the list, and the open run's detail when it is that run.
  const selectedId = selected?.id;
  useEffect(() => theApi().on('history', (change) => {
    void load();
    if (selectedId === change.runId) void theApi().call('history.get', { runId: change.runId }).then(setSelected, () => undefined);
  }), [load, selectedId]);

  const open = async (id: string) => {
    setComparison(undefined);
    setTicked([]);
    try {
      setSelected(await theApi().call('history.get', { runId: id }));
    } catch (e) {
      store.toast(errorText(e), 'error');
    }
  };

  const actions = {
    showOnCanvas: (r: RunRecord) => store.set({ run: replayRun(r), bottomTab: 'skew' }),
    openVersion: (r: RunRecord) => store.set((s) => ({ doc: r.document, past: [...s.past, s.doc], future: [], selection: [], generation: s.generation + 1 })),
    rerun: async (r: RunRecord) => {
      try {
        const { runId } = await theApi().call('history.rerun', { runId: r.id });
        store.toast(`Re-running as run ${runId.slice(0, 8)}`);
      } catch (e) {
        store.toast(errorText(e), 'error');
      }
    },
    cancel: async (r: RunSummary) => {
      await theApi().call('run.cancel', { runId: r.id }).catch((e: unknown) => store.toast(errorText(e), 'error'));
    },
  };

  return (
    <div className="history" data-testid="history-panel" style={{ display: 'flex', gap: 12, height: '100%', overflow: 'hidden' }}>
      <div style={{ flex: '1 1 55%', overflow: 'auto' }}>
        <div className="heat-toolbar" style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
          <label><input type="checkbox" checked={onlyThis} disabled={!path} onChange={(e) => setOnlyThis(e.target.checked)} /> this pipeline only</label>
          <label>State{' '}
            <select aria-label="Filter by state" value={state} onChange={(e) => setState(e.target.value as RunState | '')}>
              <option value="">any</option>
              {STATES.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </label>
          <label>Trigger{' '}
            <select aria-label="Filter by trigger" value={trigger} onChange={(e) => setTrigger(e.target.value)}>
              <option value="">any</option>
              {['studio', 'cli', 'schedule', 'retry', 'rerun'].map((t) => <option key={t} value={t}>{t}</option>)}
            </select>
          </label>
          <label>Target{' '}
            <select aria-label="Filter by target" value={target} onChange={(e) => setTarget(e.target.value as RunTarget | '')}>
              <option value="">any</option><option value="local">local</option><option value="spark">spark</option>
            </select>
          </label>
          <button type="button" onClick={() => void load()}>Refresh</button>
        </div>
        {error ? <div className="empty-state pad">Cannot read the run history: {error}</div> : null}
        {!error && runs.length === 0 ? <div className="empty-state pad">No runs recorded yet: every run (studio, command line, schedule) lands here.</div> : null}
        {runs.length > 0 ? (
          <table className="grid" data-testid="history-table" style={{ width: '100%' }}>
            <thead><tr><th title="Tick two runs to compare them">Compare</th><th>Run</th><th>State</th><th>Target</th><th>Trigger</th><th>Pipeline</th><th>Start</th><th>Duration</th><th>Rows</th><th /></tr></thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} data-testid="history-row" aria-selected={selected?.id === r.id} onClick={() => void open(r.id)}
                  style={{ cursor: 'pointer', background: selected?.id === r.id ? 'var(--selection, rgba(80,160,255,0.15))' : undefined }}>
                  <td onClick={(e) => e.stopPropagation()}>
                    <input type="checkbox" aria-label={`Compare run ${r.id.slice(0, 8)}`} checked={ticked.includes(r.id)}
                      onChange={(e) => void tick(r.id, e.target.checked)} />
                  </td>
                  <td><code>{r.id.slice(0, 8)}</code>{r.attempt > 1 ? ` #${r.attempt}` : ''}</td>
                  <td className={`run-state state-${r.state.toLowerCase()}`}>{r.state}</td>
                  <td data-testid="run-target" title={r.spark?.applicationId ? `Spark application ${r.spark.applicationId}${r.spark.master ? ` on ${r.spark.master}` : ''}` : undefined}>
                    {r.target}</td>
                  <td>{r.trigger.replace(/:([0-9a-f]{8})[0-9a-f-]{28}$/, ':$1')}</td>
                  <td title={r.pipeline}>{r.pipelineName}</td>
                  <td>{formatTime(r.startedAt ?? r.scheduledAt ?? r.createdAt)}</td>
                  <td>{formatDuration(r.durationMs)}</td>
                  <td>{Object.values(r.nodes).length ? Math.max(...Object.values(r.nodes)).toLocaleString() : '–'}</td>
                  <td>{r.state === 'PENDING' || r.state === 'SCHEDULED' || r.state === 'RUNNING'
                    ? <button type="button" onClick={(e) => { e.stopPropagation(); void actions.cancel(r); }}>Cancel</button> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
      <div style={{ flex: '1 1 45%', overflow: 'auto' }}>
        {comparison ? <CompareView comparison={comparison} /> : selected ? <RunDetail run={selected} actions={actions} />
          : <div className="empty-state pad">Pick a run to see its timeline, metrics, logs and outputs.</div>}
      </div>
    </div>
  );
}
