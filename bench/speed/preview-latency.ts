// The studio's preview latency (issue 15: "first rows of any streaming node within 150 ms in the
// studio's warm engine"): a StudioService over bench/data, its worker pool started as `tributary
// serve` starts it, asked node.preview for 1,000 rows (renderer/session.ts) as a click on a node
// asks. Each case once untimed (the first click: compile, footers), then `reps` timed; wall time
// around the call, summaries included. Runs in a child process (run-one.ts warm-preview).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PipelineDocument } from '../../engine/document/document-types.ts';
import { StudioService } from '../../main/services/studio-service.ts';
import { median } from '../results.ts';
import { DATA_DIR, eventsParquet, usersParquet, type SizeLabel } from '../sizes.ts';

/** The node each case previews, and whether it asks for the exact answer. */
export const PREVIEW_CASES = [
  { id: 'source', nodeId: 'events', what: 'source (Parquet)' },
  { id: 'filter_derive', nodeId: 'gross', what: 'filter + derive' },
  { id: 'join_probe', nodeId: 'with_users', what: 'broadcast join, probe side (users-1M build)' },
  { id: 'aggregate_fast', nodeId: 'by_category', what: 'aggregate, fast path' },
  { id: 'aggregate_exact', nodeId: 'by_category', what: 'aggregate, exact', exact: true },
  { id: 'sort_fast', nodeId: 'by_amount', what: 'sort, fast path' },
] as const;

const STUDIO_PREVIEW_ROWS = 1000;

function previewDocument(size: SizeLabel): PipelineDocument {
  return {
    version: 1, name: 'bench-preview',
    nodes: [
      { id: 'events', kind: 'source.parquet', params: { path: eventsParquet(size) } },
      { id: 'keep', kind: 'transform.filter', params: { condition: 'amount > 50' } },
      { id: 'gross', kind: 'transform.derive', params: { columns: [{ name: 'gross', expr: 'amount * qty' }] } },
      { id: 'users', kind: 'source.parquet', params: { path: usersParquet() } },
      // Broadcast: the probe side streams (the studio's join preview stops at its first rows).
      { id: 'with_users', kind: 'join', params: { type: 'inner', strategy: 'broadcast', on: [{ left: 'user_id', right: 'user_id' }] } },
      { id: 'by_category', kind: 'transform.aggregate', params: { groupBy: ['category'], aggregations: [
        { fn: 'sum', column: 'amount', as: 'total' }, { fn: 'count', as: 'n' }] } },
      { id: 'by_amount', kind: 'transform.sort', params: { keys: [{ column: 'amount', descending: true }] } },
    ],
    edges: [
      { from: 'events', to: 'keep' }, { from: 'keep', to: 'gross' },
      { from: 'events', to: 'with_users.left' }, { from: 'users', to: 'with_users.right' },
      { from: 'events', to: 'by_category' }, { from: 'events', to: 'by_amount' },
    ],
  };
}

/** Figures keyed "CASE.firstMs", "CASE.medianMs", "CASE.minMs", "CASE.maxMs", "CASE.prefixRows"
 *  (the source rows the fast path read; 0 when the answer is exact). */
export async function measurePreviews(size: SizeLabel, reps: number): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tributary-bench-preview-'));
  const service = new StudioService({ workspace: DATA_DIR, dataDir, mode: 'browser' });
  const figures: Record<string, number> = {};
  try {
    await service.warm();
    const document = previewDocument(size);
    for (const c of PREVIEW_CASES) {
      const ask = async () => {
        const started = performance.now();
        const out = await service.call('node.preview', { document, nodeId: c.nodeId, limit: STUDIO_PREVIEW_ROWS, ...('exact' in c ? { exact: true } : {}) });
        if (out.rows.length === 0) throw new Error(`preview of '${c.nodeId}' showed no rows`);
        return { ms: performance.now() - started, prefixRows: out.prefix?.reduce((n, p) => n + p.rows, 0) ?? 0 };
      };
      const first = await ask();
      const times: number[] = [];
      for (let i = 0; i < reps; i++) times.push((await ask()).ms);
      Object.assign(figures, {
        [`${c.id}.firstMs`]: first.ms, [`${c.id}.medianMs`]: median(times) ?? NaN,
        [`${c.id}.minMs`]: Math.min(...times), [`${c.id}.maxMs`]: Math.max(...times), [`${c.id}.prefixRows`]: first.prefixRows,
      });
    }
  } finally {
    await service.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}
