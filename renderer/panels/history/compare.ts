// Two recorded runs side by side: time and rows per node and per stage, and what changed in the
// document between them (the older run's document against the newer's).

import type { RunRecord } from '../../../main/api.ts';
import { documentDiff } from './doc-diff.ts';

export interface CompareRow {
  readonly key: string;
  readonly rows: readonly [number | undefined, number | undefined];
  readonly ms: readonly [number | undefined, number | undefined];
}

export interface RunComparison {
  readonly runs: readonly [RunRecord, RunRecord];
  readonly nodes: readonly CompareRow[];
  readonly stages: readonly CompareRow[];
  readonly documentChanges: readonly string[];
}

/** `a` and `b` in either order: the older one comes first. */
export function compareRuns(a: RunRecord, b: RunRecord): RunComparison {
  const [first, second] = a.createdAt <= b.createdAt ? [a, b] : [b, a];
  const nodeIds = [...new Set([...first.nodeMetrics.map((n) => n.nodeId), ...second.nodeMetrics.map((n) => n.nodeId)])];
  const nodeOf = (r: RunRecord, id: string) => r.nodeMetrics.find((n) => n.nodeId === id);
  const nodes = nodeIds.map((id) => ({
    key: id,
    rows: [nodeOf(first, id)?.rows, nodeOf(second, id)?.rows] as const,
    ms: [nodeOf(first, id)?.durationMs, nodeOf(second, id)?.durationMs] as const,
  }));
  // Stages are matched by the nodes they run (their ids may differ when the plan changed).
  const label = (r: RunRecord, stageId: number) => r.stages.find((s) => s.stageId === stageId)?.nodeIds.join(', ') ?? `stage ${stageId}`;
  const stageTotals = (r: RunRecord) => {
    const out = new Map<string, { rows: number; ms: number }>();
    for (const p of r.partitions) {
      const key = label(r, p.stageId);
      const t = out.get(key) ?? { rows: 0, ms: 0 };
      out.set(key, { rows: t.rows + p.rowsOut, ms: Math.max(t.ms, p.durationMs) });
    }
    return out;
  };
  const s1 = stageTotals(first);
  const s2 = stageTotals(second);
  const stages = [...new Set([...s1.keys(), ...s2.keys()])].map((key) => ({
    key, rows: [s1.get(key)?.rows, s2.get(key)?.rows] as const, ms: [s1.get(key)?.ms, s2.get(key)?.ms] as const,
  }));
  return { runs: [first, second], nodes, stages, documentChanges: documentDiff(first.document, second.document) };
}
