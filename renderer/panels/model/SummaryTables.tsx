// The fitted summary as tables: per-element lists first (coefficients by feature...), then the
// named numbers, then k-means centers by cluster. Every number cell keeps its exact value in data-value.

import { formatNumber } from './format-number.ts';
import type { SummaryView } from './model-summary.ts';

function Num({ v, testId }: { v: number | string | null; testId?: string }) {
  return <td className={typeof v === 'string' ? '' : 'num'} data-testid={testId} data-value={v === null ? 'null' : String(v)}>{formatNumber(v)}</td>;
}

const ROW_HEADER = { feature: 'feature', column: 'column', index: '#' } as const;

/** `measuredOn`: the rows the model was fitted on, which its statistics describe. */
export function SummaryTables({ view, measuredOn }: { view: SummaryView; measuredOn?: string }) {
  return (
    <div className="model-tables">
      {view.lists.map((t, ti) => (
        <table key={ti} className="table compact model-list" data-testid="model-list">
          <thead>
            <tr>
              <th className="num">#</th>
              {t.rowKind !== 'index' && <th>{ROW_HEADER[t.rowKind]}</th>}
              {t.columns.map((c) => <th key={c.name} className="num">{c.name}</th>)}
            </tr>
          </thead>
          <tbody>
            {t.rowNames.map((name, i) => (
              <tr key={i} data-index={i}>
                <td className="num muted">{i}</td>
                {t.rowKind !== 'index' && <td data-testid="row-name">{name ?? <span className="muted">element {i}</span>}</td>}
                {t.columns.map((c) => <Num key={c.name} v={c.values[i] ?? null} testId={`model-${c.name}`} />)}
              </tr>
            ))}
          </tbody>
          {t.more !== undefined && (
            <tfoot><tr><td colSpan={2 + t.columns.length} className="muted">… {t.more.toLocaleString('en-US')} more not shown</td></tr></tfoot>
          )}
        </table>
      ))}
      {view.scalars.length > 0 && (
        <table className="table compact model-scalars" data-testid="model-scalars">
          {measuredOn && <caption data-testid="model-measured-on">measured on {measuredOn}, the rows it was fitted on</caption>}
          <tbody>
            {view.scalars.map((s) => (
              <tr key={s.name} data-name={s.name}><th scope="row">{s.name}</th><Num v={s.value} testId={`model-${s.name}`} /></tr>
            ))}
          </tbody>
        </table>
      )}
      {view.centers && (
        <table className="table compact model-centers" data-testid="model-centers">
          <thead>
            <tr>
              <th className="num">cluster</th>
              {view.centers.sizes && <th className="num">size</th>}
              {view.centers.featureNames.map((n, i) => <th key={i} className="num">{n ?? `[${i}]`}</th>)}
            </tr>
          </thead>
          <tbody>
            {view.centers.centers.map((center, c) => (
              <tr key={c}>
                <td className="num">{c}</td>
                {view.centers!.sizes && <Num v={view.centers!.sizes[c] ?? null} testId="cluster-size" />}
                {center.map((v, i) => <Num key={i} v={v} testId="center-value" />)}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.scalars.length === 0 && view.lists.length === 0 && !view.centers && <p className="muted">The fitted summary is empty.</p>}
    </div>
  );
}
