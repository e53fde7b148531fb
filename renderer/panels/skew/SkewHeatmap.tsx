// The skew heatmap: stages (rows) x partitions (columns) as SVG, colour by rows or by time,
// filled live as partitions finish; skewed cells outlined, explained on hover, with the fix.

import { useMemo, useState } from 'react';
import { setParam } from '../../store/doc-ops.ts';
import { store, useStudio } from '../../store/studio-store.ts';
import { broadcastableJoin, heatRows, SPREAD, type HeatCell, type HeatMode } from './skew-model.ts';
import { mitigationsOf, mitigationText } from './mitigation-text.ts';

const CELL_W = 40;
const CELL_H = 24;
const GAP = 3;

/** The ramp from --heat-lo to the mode's --heat-hi-*, so both themes keep their contrast. */
function ramp(t: number, mode: HeatMode): string {
  return `color-mix(in srgb, var(--heat-hi-${mode}) ${Math.round(t * 100)}%, var(--heat-lo))`;
}

function colour(c: HeatCell, mode: HeatMode): string {
  return c.finished ? ramp(c.intensity, mode) : 'var(--heat-empty)';
}

/** A cell's value in at most 4 characters (12k, 1.2M, 85ms → 85), or undefined when it would not fit. */
export function cellText(value: number, mode: HeatMode): string | undefined {
  const v = Math.round(value);
  const text = v < 1000 ? String(v) : v < 1e6 ? `${Math.round(v / 1000)}k` : v < 1e7 ? `${(v / 1e6).toFixed(1)}M` : `${Math.round(v / 1e6)}M`;
  return text.length <= 4 ? text : mode === 'time' && v < 1e5 ? `${Math.round(v / 1000)}s` : undefined;
}

function Legend({ mode }: { mode: HeatMode }) {
  const stops = [0, 0.25, 0.5, 0.75, 1];
  return (
    <div className="heat-legend" data-testid="heat-legend" aria-label="colour scale">
      <span className="muted">{mode === 'rows' ? 'rows' : 'time'} vs. the stage's median:</span>
      <span className="heat-scale-box">
        <span className="heat-scale" style={{ background: `linear-gradient(to right, ${stops.map((t) => ramp(t, mode)).join(', ')})` }} />
        <span className="heat-ticks">{stops.map((t) => <span key={t}>{t === 1 ? `≥${SPREAD}×` : `${t * SPREAD}×`}</span>)}</span>
      </span>
      <span className="heat-key-skewed"><svg width="12" height="12" aria-hidden="true"><path d="M1 1 h10 v10 z" fill="var(--danger)" /></svg> skewed</span>
      <span className="muted">cell text: {mode === 'rows' ? 'rows' : 'ms'}</span>
    </div>
  );
}

export function SkewHeatmap() {
  const run = useStudio((s) => s.run);
  const doc = useStudio((s) => s.doc);
  const mode = useStudio((s) => s.heatMode);
  const catalog = useStudio((s) => s.catalog);
  const [hover, setHover] = useState<HeatCell | undefined>();
  const rows = useMemo(() => heatRows(run.stages, mode, doc), [run.stages, mode, doc]);
  const maxParts = Math.max(0, ...rows.map((r) => r.cells.length));

  if (rows.length === 0) {
    return <div className="empty-state pad">Run the pipeline to see how its rows spread over partitions, stage by stage.</div>;
  }
  const width = maxParts * (CELL_W + GAP);
  return (
    <div className="heatmap" data-testid="skew-heatmap">
      <div className="heat-toolbar">
        <span className="muted">Colour by</span>
        <div className="seg" role="radiogroup" aria-label="Colour by">
          {(['rows', 'time'] as const).map((m) => (
            <button key={m} type="button" role="radio" aria-checked={mode === m} className={mode === m ? 'on' : ''}
              onClick={() => store.set({ heatMode: m })}>{m}</button>
          ))}
        </div>
        <span className="heat-hover" aria-live="polite">{hover?.text ?? 'Hover a cell for its share of the stage.'}</span>
      </div>
      <Legend mode={mode} />
      <div className="heat-grid">
        {rows.map((r) => {
          const stage = run.stages.find((s) => s.info.stageId === r.stageId)!;
          const joinId = r.skewed ? broadcastableJoin(stage, doc, (k) => catalog.find((d) => d.kind === k)) : undefined;
          return (
            <div key={r.stageId} className={`heat-row${r.skewed ? ' skewed' : ''}`} data-testid="heat-row"
              data-stage={r.stageId} data-partitions={r.cells.length}>
              <div className="heat-label" title={`stage ${r.stageId}: nodes ${stage.info.nodeIds.join(', ')}`}>
                {r.skewed && <span className="skew-flag" title="skewed stage">▲</span>}{r.label}
              </div>
              <svg width={width} height={CELL_H} role="img" aria-label={`stage ${r.stageId} partitions`}>
                {r.cells.map((c) => (
                  <g key={c.partition} data-testid="heat-cell" data-stage={c.stageId} data-partition={c.partition}
                    data-skewed={c.skewed ? 'true' : 'false'}
                    onMouseEnter={() => setHover(c)} onMouseLeave={() => setHover(undefined)}>
                    <title>{c.text}</title>
                    <rect x={c.partition * (CELL_W + GAP)} y={0} width={CELL_W} height={CELL_H} rx={3}
                      fill={colour(c, mode)} className={c.skewed ? 'heat-skewed' : c.finished ? 'heat-done' : 'heat-pending'} />
                    {c.finished && cellText(c.value, mode) !== undefined && (
                      <text x={c.partition * (CELL_W + GAP) + CELL_W / 2} y={CELL_H / 2 + 4} textAnchor="middle"
                        className={`heat-value${c.intensity > 0.55 ? ' on-hot' : ''}`}>{cellText(c.value, mode)}</text>
                    )}
                    {c.split && c.split.map((sub, i) => (
                      // The split partition's sub-partitions as thin cells inside it, each lit by its own time.
                      <rect key={i} data-testid="heat-subcell" x={c.partition * (CELL_W + GAP) + 2 + (i * (CELL_W - 4)) / c.split!.length}
                        y={CELL_H - 8} width={Math.max(1, (CELL_W - 4) / c.split!.length - 1)} height={6} rx={1}
                        fill="var(--heat-split, #e8f4f2)" opacity={0.35 + 0.65 * (sub.durationMs / Math.max(1, ...c.split!.map((x) => x.durationMs)))} />
                    ))}
                    {c.coalesced && (
                      // A coalesced group's cells joined by one bar along their bottom: one task read them all.
                      <rect data-testid="heat-coalesced" x={c.partition * (CELL_W + GAP)} y={CELL_H - 4}
                        width={CELL_W + (c.partition === c.coalesced[c.coalesced.length - 1] ? 0 : GAP)} height={3}
                        fill="var(--heat-coalesced, #7a8fa6)" />
                    )}
                    {c.skewed && (
                      <path d={`M${c.partition * (CELL_W + GAP) + CELL_W - 11} 0 h11 v11 z`} fill="var(--danger)" />
                    )}
                  </g>
                ))}
              </svg>
              {mitigationsOf(stage.summary).map((m) => (
                // What the engine already did about it, in words beside the stage (the long form on hover).
                <div key={`${m.kind}-${m.nodeId}-${m.partition}`} className="heat-mitigation" data-testid="heat-mitigation" title={m.message}>
                  Done while running: {mitigationText(m)}
                </div>
              ))}
              {r.fix && (
                <div className="heat-fix">
                  <span>Fix: {r.fix}</span>
                  {joinId && (
                    <button type="button" className="btn small"
                      onClick={() => store.commit(setParam(store.get().doc, store.kindDef('join'), joinId, 'strategy', 'broadcast'))}>
                      Broadcast '{joinId}'
                    </button>
                  )}
                </div>
              )}
            </div>
          );
        })}
      </div>
      <div className="heat-axis">
        <span className="muted">partition</span>
        <svg width={width} height={14} aria-label="partition numbers" data-testid="heat-axis">
          {Array.from({ length: maxParts }, (_, p) => (
            <text key={p} x={p * (CELL_W + GAP) + CELL_W / 2} y={11} textAnchor="middle" className="heat-part">{p}</text>
          ))}
        </svg>
      </div>
    </div>
  );
}
