// Progress of a run on a terminal: one bar per node (rows so far, partitions done / total),
// redrawn in place at most ten times a second. Elsewhere: one plain line per finished node and
// stage. Both end with the summary: rows per node, time per stage, skewed stages with the hot key,
// the fitted models' summaries.

import type { RunEvent, StageInfo, StageSummary } from '../../engine/exec/events.ts';
import type { RunResult } from '../../engine/exec/engine.ts';
import { modelSummaryLine } from './model-summary.ts';

interface NodeLine { rows: number; done: number; total: number }

export class ProgressView {
  private readonly tty: boolean;
  private readonly write: (s: string) => void;
  private readonly nodes = new Map<string, NodeLine>();
  private stages: readonly StageInfo[] = [];
  private drawn = 0;
  private lastDraw = 0;

  constructor(tty: boolean, write: (s: string) => void) {
    this.tty = tty;
    this.write = write;
  }

  onEvent(e: RunEvent): void {
    switch (e.type) {
      case 'run.started':
        this.stages = e.stages;
        for (const s of e.stages) for (const n of s.nodeIds) if (!this.nodes.has(n)) this.nodes.set(n, { rows: 0, done: 0, total: s.partitions });
        if (!this.tty) this.write(`run ${e.runId}: ${e.stages.length} stages\n`);
        break;
      case 'node.progress': {
        const line = { rows: e.rows, done: e.partitionsDone, total: e.partitionsTotal };
        this.nodes.set(e.nodeId, line);
        if (!this.tty && e.partitionsDone === e.partitionsTotal) this.write(`node ${e.nodeId}: ${e.rows} rows (${e.partitionsDone}/${e.partitionsTotal} partitions)\n`);
        break;
      }
      case 'stage.finished':
        if (!this.tty) this.write(`stage ${e.stageId} finished: ${stageText(e)}\n`);
        break;
      case 'log':
        if (!this.tty) this.write(`${e.level}: ${e.message}\n`);
        break;
      default:
        break;
    }
    if (this.tty) this.draw(e.type === 'run.finished');
  }

  private draw(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const width = Math.max(4, ...[...this.nodes.keys()].map((n) => n.length));
    const lines = [...this.nodes].map(([id, l]) => {
      const filled = l.total > 0 ? Math.round((20 * l.done) / l.total) : 0;
      return `${id.padEnd(width)} [${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${String(l.rows).padStart(10)} rows  ${l.done}/${l.total}`;
    });
    const up = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
    this.write(`${up}${lines.map((l) => `\x1b[2K${l}\n`).join('')}`);
    this.drawn = lines.length;
  }

  summary(result: RunResult): string {
    const out: string[] = [];
    out.push(`${result.status} in ${(result.durationMs / 1000).toFixed(2)} s`);
    if (result.error) out.push(`error${result.error.nodeId ? ` in node '${result.error.nodeId}'` : ''}: ${result.error.message}`);
    const width = Math.max(4, ...result.nodes.map((n) => n.nodeId.length));
    out.push('', 'rows per node:');
    for (const n of result.nodes) {
      const spilled = n.spilledBytes ? `  spilled ${megabytes(n.spilledBytes)}` : '';
      out.push(`  ${n.nodeId.padEnd(width)} ${String(n.rows).padStart(10)} rows  ${n.durationMs.toFixed(1).padStart(8)} ms${spilled}`);
    }
    if (result.stages && result.stages.length > 0) {
      out.push('', 'time per stage:');
      for (const s of result.stages) {
        const info = this.stages.find((x) => x.stageId === s.stageId);
        out.push(`  stage ${s.stageId} (${info?.nodeIds.join(', ') ?? ''}${info ? ` -> ${info.exchange}` : ''}): ${stageText(s)}`);
        // A stage that is not skewed can still have been acted on (tiny partitions coalesced).
        if (!s.skewed) for (const m of s.mitigations ?? []) out.push(`    done: ${m.message}`);
      }
      const skewed = result.stages.filter((s) => s.skewed);
      if (skewed.length > 0) {
        out.push('', 'skewed stages:');
        for (const s of skewed) {
          const hot = s.hotKey ? `; hot key ${s.hotKey.column} = ${s.hotKey.value} (${(s.hotKey.share * 100).toFixed(0)}% of sampled rows)` : '';
          out.push(s.cause ? `  stage ${s.stageId}: ${s.cause.message}. Fix: ${s.cause.fix}`
            : `  stage ${s.stageId}: partition(s) ${s.skewedPartitions.join(', ')} over the skew factor x the median (${s.rows.median} rows)${hot}`);
          for (const m of s.mitigations ?? []) out.push(`    done: ${m.message}`);
        }
      }
    }
    const models = Object.values(result.models ?? {});
    if (models.length > 0) {
      out.push('', 'fitted models:');
      for (const m of models) out.push(`  ${modelSummaryLine(m)}`);
    }
    for (const o of result.outputs) out.push(`wrote ${o.path} (${o.rows} rows) from '${o.nodeId}'`);
    return out.join('\n');
  }
}

function stageText(s: StageSummary): string {
  const skew = s.skewed ? ` SKEWED (partitions ${s.skewedPartitions.join(', ')})` : '';
  const spilled = s.spilledBytes ? `; spilled ${megabytes(s.spilledBytes)} to disk` : '';
  return `max ${s.durationMs.max.toFixed(1)} ms (median ${s.durationMs.median.toFixed(1)}), rows ${s.rows.min}/${s.rows.median}/${s.rows.max} min/median/max${skew}; slowest partition ${s.slowest.partition}: ${s.slowest.reason}${spilled}`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}
