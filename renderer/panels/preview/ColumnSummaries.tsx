// Per-column summary of a preview: nulls, min, max, distinct estimate and a small SVG histogram.

import type { ColumnSummary } from '../../../main/api.ts';
import { renderCell } from './VirtualTable.tsx';

function Histogram({ bins }: { bins: ColumnSummary['histogram'] }) {
  const max = Math.max(1, ...bins.map((b) => b.count));
  const w = 120;
  const h = 28;
  const bw = bins.length > 0 ? w / bins.length : w;
  return (
    <svg width={w} height={h} className="histogram" role="img" aria-label="histogram">
      {bins.map((b, i) => {
        const bh = Math.max(1, (b.count / max) * h);
        return (
          <rect key={i} x={i * bw + 0.5} y={h - bh} width={Math.max(1, bw - 1)} height={bh}>
            <title>{b.label}: {b.count.toLocaleString('en-US')}</title>
          </rect>
        );
      })}
    </svg>
  );
}

export function ColumnSummaries({ summaries }: { summaries: readonly ColumnSummary[] }) {
  return (
    <div className="summaries" data-testid="column-summaries">
      {summaries.map((s) => (
        <div key={s.name} className="summary">
          <div className="summary-head"><span className="col-name">{s.name}</span><span className="col-type">{s.type}</span></div>
          <Histogram bins={s.histogram} />
          <dl>
            <dt>nulls</dt><dd>{s.nulls.toLocaleString('en-US')}</dd>
            <dt>distinct ≈</dt><dd>{s.distinctEstimate.toLocaleString('en-US')}</dd>
            <dt>min</dt><dd>{renderCell(s.min)}</dd>
            <dt>max</dt><dd>{renderCell(s.max)}</dd>
          </dl>
        </div>
      ))}
    </div>
  );
}
