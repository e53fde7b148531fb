// Collects one run's engine events into what the store keeps: per node rows and time, per stage
// and partition metrics (what the heatmap draws), skew, models and log lines.

import type { NodeSummary, PartitionMetrics, RunEvent, StageInfo, StageSummary } from '../../../engine/exec/events.ts';
import type { RunResult } from '../../../engine/exec/engine.ts';
import type { LogLine, ModelRecord, OutputRecord, RunMetrics } from './run-types.ts';

export class RunRecorder {
  stages: readonly StageInfo[] = [];
  readonly stageSummaries: StageSummary[] = [];
  readonly partitions: PartitionMetrics[] = [];
  readonly models: ModelRecord[] = [];
  readonly nodes = new Map<string, number>();
  /** Lines not yet written to the store. */
  pendingLogs: LogLine[] = [];
  /** A FAILED run that never planned a stage failed in planning: no retry can fix it. */
  plannedStages = false;
  finished: Extract<RunEvent, { type: 'run.finished' }> | undefined;

  onEvent(e: RunEvent, now: number): void {
    switch (e.type) {
      case 'run.started': this.stages = e.stages; this.plannedStages = e.stages.length > 0; break;
      case 'node.progress': this.nodes.set(e.nodeId, e.rows); break;
      case 'partition.finished': {
        const { type: _t, runId: _r, ...metrics } = e;
        this.partitions.push(metrics);
        break;
      }
      case 'stage.finished': {
        const { type: _t, runId: _r, ...summary } = e;
        this.stageSummaries.push(summary);
        break;
      }
      case 'model.fitted': this.models.push({ nodeId: e.model.nodeId, kind: e.model.kind, summary: e.model.summary }); break;
      case 'log': this.pendingLogs.push({ at: now, level: e.level, message: e.message, ...(e.nodeId ? { nodeId: e.nodeId } : {}) }); break;
      case 'run.finished': this.finished = e; break;
    }
  }

  takeLogs(): LogLine[] {
    const lines = this.pendingLogs;
    this.pendingLogs = [];
    return lines;
  }

  metrics(result: RunResult | undefined, durationMs: number): RunMetrics {
    const nodeMetrics: readonly NodeSummary[] = result?.nodes ?? this.finished?.nodes
      ?? [...this.nodes].map(([nodeId, rows]) => ({ nodeId, rows, durationMs: 0 }));
    const outputs: OutputRecord[] = (result?.outputs ?? []).map((o) => ({ nodeId: o.nodeId, path: o.path, rows: o.rows }));
    const models = this.models.length > 0 || !result?.models ? this.models
      : Object.values(result.models).map((m) => ({ nodeId: m.nodeId, kind: m.kind, summary: m.summary }));
    return {
      nodeMetrics, stages: this.stages, stageSummaries: result?.stages ?? this.stageSummaries, partitions: this.partitions,
      outputs, models, durationMs: result?.durationMs ?? durationMs,
    };
  }
}
