// The data of the selected node: the first rows of its output and a summary of each column.
// Selecting a node loads its preview (main runs the pipeline up to that node).

import { useEffect, useRef, useState } from 'react';
import { formatMs } from '../../nodes/generic/NodeCard.tsx';
import { loadPreview } from '../../session.ts';
import { useStudio } from '../../store/studio-store.ts';
import { ColumnSummaries } from './ColumnSummaries.tsx';
import { PrefixLabel } from './PrefixLabel.tsx';
import { VirtualTable } from './VirtualTable.tsx';
import type { PreviewResult } from '../../../main/api.ts';

export function PreviewTab() {
  const preview = useStudio((s) => s.preview);
  const doc = useStudio((s) => s.doc);
  const fresh = preview.doc === doc;
  const selection = useStudio((s) => s.selection);
  const box = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(200);
  const [showSummary, setShowSummary] = useState(true);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(Math.max(80, el.clientHeight)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const selected = selection.length === 1 ? selection[0] : undefined;
  const r = preview.result;
  return (
    <div className="preview-tab">
      <div className="preview-toolbar">
        {preview.nodeId ? <strong>{preview.nodeId}</strong> : <span className="muted">Select a node to preview its output.</span>}
        {r && <span className="muted" data-testid="preview-count">{r.rows.length.toLocaleString('en-US')} of {totalLabel(r)} rows · {formatMs(r.durationMs)}</span>}
        {r?.prefix && <PrefixLabel prefix={r.prefix} loading={preview.loading} onExact={() => void loadPreview(preview.nodeId!, { exact: true })} />}
        {preview.loading && <span className="muted">loading…</span>}
        {!preview.loading && preview.result && !fresh && <span className="stale">outdated: the pipeline changed since</span>}
        {selected && (
          <button type="button" className="btn small" onClick={() => void loadPreview(selected)}>Refresh</button>
        )}
        <label className="toggle"><input type="checkbox" checked={showSummary} onChange={(e) => setShowSummary(e.target.checked)} /> column summary</label>
      </div>
      {preview.error && <div className="issue pad">{preview.error}</div>}
      <div className="preview-body">
        <div className={`preview-table${fresh ? '' : ' is-stale'}`} ref={box} data-fresh={fresh && !preview.loading ? 'true' : 'false'}>
          {r && <VirtualTable schema={r.schema} rows={r.rows} height={height} />}
        </div>
        {r && showSummary && <ColumnSummaries summaries={r.summaries} />}
      </div>
    </div>
  );
}

/** The total as known: exact, or counting in the background (session.ts asks node.previewCount). */
function totalLabel(r: PreviewResult): string {
  return r.totalRowsExact === false ? `≥ ${r.totalRows.toLocaleString('en-US')} (counting…)` : r.totalRows.toLocaleString('en-US');
}
