// A recorded run back as the events it reported, folded into a RunView: the canvas, the Progress
// tab and the skew heatmap then show a run from history exactly as they drew it live.

import type { RunEvent, RunRecord } from '../../../main/api.ts';
import { applyRunEvent, startingRun, type RunView } from '../../run/run-state.ts';

export function runEvents(r: RunRecord): RunEvent[] {
  const runId = r.id;
  const events: RunEvent[] = [{ type: 'run.started', runId, at: r.startedAt ?? r.createdAt, stages: r.stages }];
  for (const p of r.partitions) events.push({ type: 'partition.finished', runId, ...p });
  for (const s of r.stageSummaries) events.push({ type: 'stage.finished', runId, ...s });
  for (const m of r.models) {
    events.push({ type: 'model.fitted', runId, model: { nodeId: m.nodeId, kind: m.kind, state: null, summary: m.summary as never } });
  }
  for (const l of r.logs) events.push({ type: 'log', runId, level: l.level, message: l.message, ...(l.nodeId ? { nodeId: l.nodeId } : {}) });
  const status = r.state === 'COMPLETED' ? 'COMPLETED' : r.state === 'CANCELLED' ? 'CANCELLED' : 'FAILED';
  events.push({
    type: 'run.finished', runId, status, durationMs: r.durationMs ?? 0, nodes: r.nodeMetrics,
    ...(r.error ? { error: { ...(r.error.nodeId ? { nodeId: r.error.nodeId } : {}), message: r.error.message } } : {}),
  });
  return events;
}

/** The RunView of a finished recorded run. */
export function replayRun(r: RunRecord): RunView {
  return runEvents(r).reduce(applyRunEvent, startingRun(r.document.nodes.map((n) => n.id)));
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatTime(ms: number | undefined): string {
  if (ms === undefined) return '–';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
