// How `tributary history` prints runs: a table for people, JSON (ISO times) for scripts.

import type { RunRecord, RunSummary } from '../services/runs/run-types.ts';

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

export function summaryJson(r: RunSummary): Record<string, unknown> {
  return {
    id: r.id, state: r.state, trigger: r.trigger, pipeline: r.pipeline, name: r.pipelineName, contentHash: r.contentHash,
    createdAt: iso(r.createdAt), scheduledAt: iso(r.scheduledAt), startedAt: iso(r.startedAt), finishedAt: iso(r.finishedAt),
    durationMs: r.durationMs ?? null, attempt: r.attempt, maxAttempts: r.maxAttempts, firstRunId: r.firstRunId,
    ...(r.scheduleName ? { schedule: r.scheduleName } : {}), nodes: r.nodes, error: r.error ?? null,
    target: r.target, ...(r.spark ? { spark: r.spark } : {}),
  };
}

export function recordJson(r: RunRecord): Record<string, unknown> {
  return {
    ...summaryJson(r),
    options: r.options,
    timeline: r.timeline.map((t) => ({ state: t.state, at: iso(t.at), ...(t.message ? { message: t.message } : {}) })),
    nodeMetrics: r.nodeMetrics, stages: r.stages.map((s) => ({ ...s, summary: r.stageSummaries.find((x) => x.stageId === s.stageId) ?? null })),
    partitions: r.partitions, skewedStages: r.skewedStages, outputs: r.outputs, models: r.models,
    logs: r.logs.map((l) => ({ ...l, at: iso(l.at) })), document: r.document,
  };
}

function duration(ms: number | undefined): string {
  if (ms === undefined) return '-';
  return ms < 1000 ? `${Math.round(ms)} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function when(ms: number | undefined): string {
  return ms === undefined ? '-' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

function rows(r: RunSummary): string {
  const values = Object.values(r.nodes);
  return values.length === 0 ? '-' : String(Math.max(...values));
}

export function table(runs: readonly RunSummary[]): string {
  if (runs.length === 0) return 'no runs recorded yet';
  const cells = runs.map((r) => [r.id.slice(0, 8), r.state, r.trigger.length > 24 ? `${r.trigger.slice(0, 21)}...` : r.trigger,
    r.pipelineName, when(r.startedAt ?? r.scheduledAt ?? r.createdAt), duration(r.durationMs), rows(r), r.attempt > 1 ? `#${r.attempt}` : '']);
  const head = ['RUN', 'STATE', 'TRIGGER', 'PIPELINE', 'STARTED', 'DURATION', 'ROWS', 'TRY'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  return [head, ...cells].map((c) => c.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

export function details(r: RunRecord): string {
  const out = [`run ${r.id}: ${r.state}`, `pipeline  ${r.pipeline} (${r.pipelineName}, content ${r.contentHash})`,
    `trigger   ${r.trigger}, attempt ${r.attempt} of ${r.maxAttempts}${r.firstRunId !== r.id ? ` (first run ${r.firstRunId})` : ''}`,
    `target    ${r.target}${r.spark?.applicationId ? ` (Spark application ${r.spark.applicationId}${r.spark.master ? ` on ${r.spark.master}` : ''})` : ''}`,
    `options   ${JSON.stringify(r.options)}`, '', 'timeline:'];
  for (const t of r.timeline) out.push(`  ${when(t.at)}  ${t.state}${t.message ? `  ${t.message}` : ''}`);
  if (r.error) out.push('', `error${r.error.nodeId ? ` in node '${r.error.nodeId}'` : ''}: ${r.error.message}${r.error.retryable ? '' : ' (not retryable)'}`);
  if (r.nodeMetrics.length > 0) {
    out.push('', 'nodes:');
    const w = Math.max(...r.nodeMetrics.map((n) => n.nodeId.length));
    for (const n of r.nodeMetrics) out.push(`  ${n.nodeId.padEnd(w)}  ${String(n.rows).padStart(10)} rows  ${duration(n.durationMs)}`);
  }
  if (r.stages.length > 0) {
    out.push('', 'stages:');
    for (const s of r.stages) {
      const sum = r.stageSummaries.find((x) => x.stageId === s.stageId);
      const parts = r.partitions.filter((p) => p.stageId === s.stageId);
      out.push(`  stage ${s.stageId} [${s.nodeIds.join(', ')}] ${s.partitions} partitions, ${s.exchange}` +
        (sum ? `: rows ${sum.rows.min}/${sum.rows.median}/${sum.rows.max}, time max ${duration(sum.durationMs.max)}${sum.skewed ? `, SKEWED (partitions ${sum.skewedPartitions.join(', ')})` : ''}${sum.spilledBytes ? `, spilled ${sum.spilledBytes} bytes` : ''}` : ''));
      for (const p of parts) {
        out.push(`    partition ${p.partition}: ${p.rowsOut} rows, ${p.bytes} bytes, ${duration(p.durationMs)}${p.spilledBytes ? `, spilled ${p.spilledBytes} bytes` : ''}`);
      }
    }
  }
  if (r.outputs.length > 0) {
    out.push('', 'outputs:');
    for (const o of r.outputs) out.push(`  ${o.path}  ${o.rows} rows${o.bytes !== undefined ? `, ${o.bytes} bytes` : ''}`);
  }
  if (r.models.length > 0) {
    out.push('', 'models:');
    for (const m of r.models) out.push(`  ${m.nodeId} (${m.kind}): ${JSON.stringify(m.summary)}`);
  }
  if (r.logs.length > 0) {
    out.push('', 'logs:');
    for (const l of r.logs) out.push(`  ${when(l.at)} ${l.level}${l.nodeId ? ` [${l.nodeId}]` : ''} ${l.message}`);
  }
  return out.join('\n');
}
