// The skew heatmap's model: one cell per (stage, partition), coloured by rows or by time,
// skewed cells marked, each with the sentence that explains it and the fix to try. Pure, so
// the wording and the arithmetic are unit-tested.

import type { KindDef, PipelineDocument } from '../../../main/api.ts';
import type { StageView } from '../../run/run-state.ts';
import { coalescedGroup } from './mitigation-text.ts';

export type HeatMode = 'rows' | 'time';

/** A cell is fully lit at this many times its stage's median. */
export const SPREAD = 4;

export interface HeatCell {
  readonly stageId: number;
  readonly partition: number;
  readonly finished: boolean;
  readonly value: number;
  /** 0..1: the value against its stage's median (1 at SPREAD x the median or more): an even stage
   *  looks calm whatever its size, a partition far above its siblings burns. */
  readonly intensity: number;
  readonly skewed: boolean;
  readonly text: string;
  /** When the engine split this partition (a skewed join): its sub-partitions, in order. */
  readonly split?: readonly { readonly rows: number; readonly durationMs: number }[];
  /** When the engine coalesced this tiny partition with its neighbours: the group's partitions
   *  (one task read them all). */
  readonly coalesced?: readonly number[];
}

export interface HeatRow {
  readonly stageId: number;
  readonly label: string;
  readonly cells: readonly HeatCell[];
  readonly skewed: boolean;
  readonly fix?: string;
}

function pct(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : '0%';
}

function rowsOf(p: { rowsIn: number; rowsOut: number }): number {
  return Math.max(p.rowsIn, p.rowsOut);
}

/** The fix for a skewed stage: broadcast or salt a join, otherwise split the hot partition. */
export function suggestFix(stage: StageView, doc: PipelineDocument): string {
  // The engine's diagnosis knows an input-split imbalance (a file of one row group) from key skew.
  if (stage.summary?.cause) return `${stage.summary.cause.message}. Fix: ${stage.summary.cause.fix}.`;
  const kinds = stage.info.nodeIds.map((id) => ({ id, kind: doc.nodes.find((n) => n.id === id)?.kind ?? '' }));
  const join = kinds.find((k) => k.kind === 'join');
  const key = stage.summary?.hotKey ? ` on ${stage.summary.hotKey.column} = ${stage.summary.hotKey.value}` : '';
  if (join) {
    return `Broadcast the small side of join '${join.id}' (strategy: broadcast) so no shuffle concentrates the hot key${key}; ` +
      'if both sides are large, use a salted join (add a random salt 0..N-1 to the hot key on the big side, replicate the small side N times).';
  }
  const agg = kinds.find((k) => k.kind === 'transform.aggregate' || k.kind === 'transform.distinct');
  if (agg) {
    return `Split the skewed partition: aggregate in two steps in '${agg.id}' (pre-aggregate on the key plus a salt, then on the key), ` +
      `or repartition before it on a finer key${key}.`;
  }
  return `Split the skewed partition: add a transform.repartition before '${stage.info.nodeIds[0] ?? 'this stage'}' ` +
    '(round-robin, or by a column with many distinct values).';
}

export function heatRows(stages: readonly StageView[], mode: HeatMode, doc: PipelineDocument): HeatRow[] {
  return stages.map((s) => {
    const values = s.partitions.flatMap((p) => (p ? [mode === 'rows' ? rowsOf(p) : p.durationMs] : [])).sort((a, b) => a - b);
    const mid = values.length ? (values[(values.length - 1) >> 1]! + values[values.length >> 1]!) / 2 : 0;
    const full = mid * SPREAD;
    const total = s.partitions.reduce((a, p) => a + (p ? rowsOf(p) : 0), 0);
    const skewedSet = new Set(s.summary?.skewedPartitions ?? []);
    const hot = s.summary?.hotKey;
    const cells = s.partitions.map((p, partition): HeatCell => {
      if (!p) {
        return { stageId: s.info.stageId, partition, finished: false, value: 0, intensity: 0, skewed: false,
          text: `partition ${partition} of stage ${s.info.stageId}: running` };
      }
      const value = mode === 'rows' ? rowsOf(p) : p.durationMs;
      const skewed = skewedSet.has(partition);
      const base = `partition ${partition} holds ${pct(rowsOf(p), total)} of the rows of stage ${s.info.stageId}`;
      const detail = ` (${rowsOf(p).toLocaleString('en-US')} rows, ${Math.round(p.durationMs)} ms${spillText(p)})`;
      const splitBy = s.summary?.mitigations?.find((m) => m.kind === 'split-join' && m.partition === partition);
      const split = splitBy?.kind === 'split-join' ? splitBy.subPartitions : undefined;
      const coalesced = coalescedGroup(s.summary?.mitigations, partition);
      const splitText = split ? `; split into ${split.length} sub-partitions run in parallel (${split.map((x) => `${x.rows.toLocaleString('en-US')} rows, ${Math.round(x.durationMs)} ms`).join('; ')})`
        : coalesced ? `; coalesced: partitions ${coalesced[0]}-${coalesced[coalesced.length - 1]} ran as one task` : '';
      const text = skewed
        ? `${base}${hot ? `: key ${hot.column} = ${hot.value} dominates` : ''}${detail}${splitText}`
        : `${base}${detail}${splitText}`;
      const intensity = full > 0 ? Math.min(1, value / full) : value > 0 ? 1 : 0;
      return { stageId: s.info.stageId, partition, finished: true, value, intensity, skewed, text, ...(split ? { split } : {}), ...(coalesced ? { coalesced } : {}) };
    });
    const skewed = s.summary?.skewed ?? false;
    return {
      stageId: s.info.stageId,
      label: `stage ${s.info.stageId} · ${s.info.nodeIds.join(', ')}`,
      cells,
      skewed,
      fix: skewed ? suggestFix(s, doc) : undefined,
    };
  });
}

/** Kinds whose param `strategy` can be flipped to broadcast by the "apply fix" button. */
export function broadcastableJoin(stage: StageView, doc: PipelineDocument, kindDef: (k: string) => KindDef | undefined):
  string | undefined {
  return stage.info.nodeIds.find((id) => {
    const n = doc.nodes.find((x) => x.id === id);
    return n?.kind === 'join' && kindDef('join')?.params.some((p) => p.name === 'strategy') && n.params.strategy !== 'broadcast';
  });
}

/** ", spilled 12.0 MB to disk (agg 8.0 MB, j 4.0 MB)" for a partition over its memory budget. */
function spillText(p: { readonly spilledBytes: number; readonly spilledByNode?: Readonly<Record<string, number>> }): string {
  if (!(p.spilledBytes > 0)) return '';
  const mb = (b: number): string => `${(b / 1048576).toFixed(1)} MB`;
  const byNode = Object.entries(p.spilledByNode ?? {}).map(([n, b]) => `${n} ${mb(b)}`).join(', ');
  return `, spilled ${mb(p.spilledBytes)} to disk${byNode ? ` (${byNode})` : ''}`;
}
