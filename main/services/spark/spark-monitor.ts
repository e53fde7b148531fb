// Spark's own progress, read from its monitoring REST API while the application runs, as the
// RunEvents of a local run: each completed Spark stage is a stage, each of its tasks a partition
// (partition.finished with the task's metrics), then stage.finished with the summary and skew
// flag computed by the same rule as the local engine (engine/exec/stage-summary.ts).

import type { PartitionMetrics, RunEvent, StageSummary } from '../../../engine/exec/events.ts';
import { summarizeStage } from '../../../engine/exec/stage-summary.ts';

interface SparkStage { stageId: number; attemptId: number; status: string; name: string; numTasks: number }
interface SparkTask {
  index: number;
  status: string;
  taskMetrics?: {
    executorRunTime: number; memoryBytesSpilled: number; diskBytesSpilled: number;
    inputMetrics: { bytesRead: number; recordsRead: number };
    outputMetrics: { bytesWritten: number; recordsWritten: number };
    shuffleReadMetrics: { recordsRead: number; localBytesRead: number; remoteBytesRead: number };
    shuffleWriteMetrics: { bytesWritten: number; recordsWritten: number };
  };
}

/** One task's metrics as a partition's: rows and bytes read (input + shuffle), rows written, time, spill. */
export function taskPartition(stageId: number, t: SparkTask): PartitionMetrics {
  const m = t.taskMetrics;
  if (!m) return { stageId, partition: t.index, rowsIn: 0, rowsOut: 0, bytes: 0, durationMs: 0, spilledBytes: 0 };
  return {
    stageId, partition: t.index,
    rowsIn: m.inputMetrics.recordsRead + m.shuffleReadMetrics.recordsRead,
    rowsOut: m.outputMetrics.recordsWritten + m.shuffleWriteMetrics.recordsWritten,
    bytes: m.inputMetrics.bytesRead + m.shuffleReadMetrics.localBytesRead + m.shuffleReadMetrics.remoteBytesRead,
    durationMs: m.executorRunTime,
    spilledBytes: m.memoryBytesSpilled + m.diskBytesSpilled,
  };
}

export class SparkMonitor {
  private readonly base: string;
  private readonly runId: string;
  private readonly emit: (e: RunEvent) => void;
  private readonly skewFactor: number | undefined;
  private readonly done = new Set<string>();
  readonly summaries: StageSummary[] = [];
  /** The first Spark stage seen failed (its tasks' exception is the run's error). */
  failedStage: number | undefined;

  constructor(ui: string, appId: string, runId: string, emit: (e: RunEvent) => void, skewFactor?: number) {
    this.base = `${ui.replace(/\/$/, '')}/api/v1/applications/${encodeURIComponent(appId)}`;
    this.runId = runId;
    this.emit = emit;
    this.skewFactor = skewFactor;
  }

  private async get<T>(path: string): Promise<T> {
    const res = await fetch(`${this.base}${path}`);
    if (!res.ok) throw new Error(`Spark's monitoring API answered ${res.status} for ${path}`);
    return await res.json() as T;
  }

  /** Reads the stages completed since the last poll; true while some stage is still active. */
  async poll(): Promise<boolean> {
    const stages = await this.get<SparkStage[]>('/stages');
    for (const s of [...stages].sort((a, b) => a.stageId - b.stageId)) {
      if (s.status === 'FAILED' && this.failedStage === undefined) this.failedStage = s.stageId;
      const key = `${s.stageId}.${s.attemptId}`;
      if (s.status !== 'COMPLETE' || this.done.has(key)) continue;
      this.done.add(key);
      const tasks = await this.get<SparkTask[]>(`/stages/${s.stageId}/${s.attemptId}/taskList?length=100000`);
      const parts = tasks.filter((t) => t.status === 'SUCCESS').map((t) => taskPartition(s.stageId, t)).sort((a, b) => a.partition - b.partition);
      this.emit({ type: 'log', runId: this.runId, level: 'info', message: `Spark stage ${s.stageId}: ${s.name} (${s.numTasks} tasks)` });
      for (const p of parts) this.emit({ type: 'partition.finished', runId: this.runId, ...p });
      const summary = summarizeStage(s.stageId, parts, new Map(), this.skewFactor !== undefined ? { skewFactor: this.skewFactor } : {});
      this.summaries.push(summary);
      this.emit({ type: 'stage.finished', runId: this.runId, ...summary });
    }
    return stages.some((s) => s.status === 'ACTIVE' || s.status === 'PENDING');
  }
}
