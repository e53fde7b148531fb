// SQLite rows <-> run records. JSON columns hold what is read whole (the document, metrics,
// outputs); what is filtered or sorted on has its own column.

import type { PipelineDocument } from '../../../engine/document/document-types.ts';
import type { ScheduleRecord } from '../schedules/schedule-types.ts';
import type { LogLine, RunMetrics, RunRecord, RunState, RunSummary, RunTarget, SparkRunInfo, StateChange } from './run-types.ts';

export type Row = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined);

export function json<T>(v: unknown, fallback: T): T {
  if (typeof v !== 'string') return fallback;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
}

export function summaryOf(r: Row): RunSummary {
  const error = json<RunSummary['error'] | null>(r['error'], null);
  const spark = json<SparkRunInfo | null>(r['spark'], null);
  const opt = <T>(key: string, v: T | undefined): Record<string, T> => (v === undefined ? {} : { [key]: v });
  return {
    id: String(r['id']), state: String(r['state']) as RunState, trigger: String(r['trigger']),
    pipeline: String(r['pipeline']), pipelineName: String(r['pipeline_name']), contentHash: String(r['content_hash']),
    target: (str(r['target']) ?? 'local') as RunTarget, ...(spark ? { spark } : {}),
    createdAt: num(r['created_at'])!, attempt: num(r['attempt'])!, firstRunId: String(r['first_run_id']),
    maxAttempts: num(r['max_attempts'])!, nodes: json<Record<string, number>>(r['nodes'], {}),
    ...opt('scheduledAt', num(r['scheduled_at'])), ...opt('startedAt', num(r['started_at'])),
    ...opt('finishedAt', num(r['finished_at'])), ...opt('durationMs', num(r['duration_ms'])),
    ...opt('scheduleName', str(r['schedule_name'])), ...(error ? { error } : {}),
  };
}

const NO_METRICS: RunMetrics = { nodeMetrics: [], stages: [], stageSummaries: [], partitions: [], outputs: [], models: [], durationMs: 0 };

export function recordOf(r: Row, timeline: readonly StateChange[], logs: readonly LogLine[]): RunRecord {
  const metrics = json<RunMetrics>(r['metrics'], NO_METRICS);
  return {
    ...summaryOf(r),
    document: json<PipelineDocument>(r['document'], { version: 1, name: String(r['pipeline_name']), nodes: [], edges: [] }),
    options: json(r['options'], {}),
    timeline, logs,
    nodeMetrics: metrics.nodeMetrics, stages: metrics.stages, stageSummaries: metrics.stageSummaries,
    partitions: metrics.partitions, outputs: metrics.outputs, models: metrics.models,
    skewedStages: metrics.stageSummaries.filter((s) => s.skewed).map((s) => s.stageId),
    targets: json<string[]>(r['targets'], []),
    cancelRequested: num(r['cancel_requested']) === 1,
  };
}

export function stateChangeOf(r: Row): StateChange {
  const message = str(r['message']);
  return { state: String(r['state']) as RunState, at: num(r['at'])!, ...(message ? { message } : {}) };
}

export function logOf(r: Row): LogLine {
  const nodeId = str(r['node_id']);
  return { at: num(r['at'])!, level: String(r['level']) as LogLine['level'], message: String(r['message']), ...(nodeId ? { nodeId } : {}) };
}

export function scheduleOf(r: Row): ScheduleRecord {
  const retries = num(r['retries']);
  const lastFireAt = num(r['last_fire_at']);
  return {
    name: String(r['name']), pipeline: String(r['pipeline']), timing: json(r['timing'], { kind: 'every', everyMs: 60_000, anchor: 0 }),
    enabled: num(r['enabled']) === 1, overlap: String(r['overlap']) as ScheduleRecord['overlap'],
    catchUp: String(r['catch_up']) as ScheduleRecord['catchUp'], catchUpCap: num(r['catch_up_cap'])!,
    createdAt: num(r['created_at'])!,
    ...(retries !== undefined ? { retries } : {}), ...(lastFireAt !== undefined ? { lastFireAt } : {}),
  };
}
