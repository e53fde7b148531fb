// The physical plan drawn: a box per stage listing its operators (leaves first), an edge per
// exchange labelled with its kind and keys, what the optimizer changed highlighted on the
// operator it changed, and after a run each stage's measured rows and time, its skew and what
// the engine did about it. Boxes are rendered first, measured, then placed by elk.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { PlanGraph } from '../../../main/api.ts';
import { useStudio } from '../../store/studio-store.ts';
import { formatMs } from '../../nodes/generic/NodeCard.tsx';
import { mitigationText } from '../skew/mitigation-text.ts';
import { labelSize, layoutPlan, type PlanLayout } from './plan-layout.ts';
import { runIsStale, stageMeasure, type StageMeasure } from './stage-measure.ts';
import './plan-graph.css';

type GraphStage = PlanGraph['stages'][number];

function Measure({ m }: { m: StageMeasure }) {
  const partial = m.partitionsDone < m.partitions ? ` · ${m.partitionsDone}/${m.partitions} partitions done` : '';
  return (
    <div className="plan-measure" data-testid="stage-measure">
      {m.rowsOut.toLocaleString('en-US')} rows out · slowest partition {formatMs(m.slowestMs)} (median {formatMs(m.medianMs)}){partial}
    </div>
  );
}

function StageBox({ stage, m, boxRef }: { stage: GraphStage; m: StageMeasure | undefined; boxRef: (e: HTMLDivElement | null) => void }) {
  const changed = stage.operators.some((o) => o.changes.length > 0);
  return (
    <div ref={boxRef} className={`plan-stage${m?.skewed ? ' skewed' : ''}${changed ? ' changed' : ''}`}
      data-testid="plan-stage" data-stage={stage.id}>
      <div className="plan-stage-head">
        Stage {stage.id} <span className="muted">· {stage.partitions} partition{stage.partitions === 1 ? '' : 's'}{stage.inMain ? ' · main thread' : ''}</span>
      </div>
      <ul className="plan-ops">
        {stage.operators.map((o, i) => (
          <li key={i} className={o.changes.length > 0 ? 'plan-op changed' : 'plan-op'} data-testid="plan-op" data-node={o.nodeId}>
            <div className="plan-op-label" title={o.label}>{o.label}</div>
            {o.changes.map((c, k) => (
              <div key={k} className="plan-change" data-testid="plan-change" data-rule={c.rule}>
                <span className="plan-rule">{c.rule}</span> {c.text}
              </div>
            ))}
          </li>
        ))}
      </ul>
      <div className="plan-stage-out muted">→ {stage.output}</div>
      {m && <Measure m={m} />}
      {m?.skewed && <div className="plan-skew">skewed: partition{m.skewedPartitions.length === 1 ? '' : 's'} {m.skewedPartitions.join(', ')}</div>}
      {m?.mitigations.map((x) => (
        <div key={`${x.kind}-${x.nodeId}-${x.partition}`} className="plan-mitigation" data-testid="plan-mitigation" title={x.message}>
          {mitigationText(x)}
        </div>
      ))}
    </div>
  );
}

export function PlanGraphView({ graph }: { graph: PlanGraph }) {
  const runStages = useStudio((s) => s.run.stages);
  const boxes = useRef(new Map<number, HTMLDivElement>());
  const [layout, setLayout] = useState<{ graph: PlanGraph; key: string; at: PlanLayout } | undefined>();
  const measures = useMemo(() => new Map(graph.stages.map((s) => [s.id, stageMeasure(s, runStages)])), [graph, runStages]);
  // Boxes change size only when figures appear or mitigations are added: re-layout then, not on every partition.
  const sizeKey = graph.stages.map((s) => { const m = measures.get(s.id); return m ? `${m.skewed ? 2 : 1}${m.mitigations.length}` : '0'; }).join(',');
  useEffect(() => {
    let live = true;
    const sizeOf = (id: number) => {
      const el = boxes.current.get(id);
      return { width: el?.offsetWidth ?? 320, height: el?.offsetHeight ?? 120 };
    };
    void layoutPlan(graph, sizeOf).then((at) => { if (live) setLayout({ graph, key: sizeKey, at }); });
    return () => { live = false; };
  }, [graph, sizeKey]);
  const at = layout?.graph === graph ? layout.at : undefined;
  const stale = runIsStale(graph, runStages);
  return (
    <div className="plan-graph" data-testid="plan-graph" data-laid-out={at && layout?.key === sizeKey ? 'true' : 'false'}>
      <div className="plan-graph-legend muted">
        <span><span className="plan-swatch changed" /> changed by the optimizer</span>
        <span><span className="plan-swatch skewed" /> skewed after the run</span>
        {stale && <span data-testid="plan-stale">The pipeline changed since the last run: run it again for measured figures.</span>}
      </div>
      <div className="plan-canvas" style={{ width: at?.width ?? 0, height: at?.height ?? 0 }}>
        {at && (
          <svg className="plan-edges" width={at.width} height={at.height} aria-hidden="true">
            <defs>
              <marker id="plan-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M0 0 L10 5 L0 10 z" className="plan-arrow" />
              </marker>
            </defs>
            {graph.edges.map((e, i) => (
              <polyline key={i} className={`plan-edge ${e.kind}`} markerEnd="url(#plan-arrow)"
                points={at.edges[i]!.points.map((p) => `${p.x},${p.y}`).join(' ')} />
            ))}
          </svg>
        )}
        {at && graph.edges.map((e, i) => (
          <div key={i} className={`plan-edge-label ${e.kind}`} data-testid="plan-edge" data-kind={e.kind} data-from={e.from} data-to={e.to}
            style={{ left: at.edges[i]!.label.x, top: at.edges[i]!.label.y, ...labelSize(e.label) }}>{e.label}</div>
        ))}
        {graph.stages.map((s) => {
          const p = at?.stages.get(s.id);
          return (
            <div key={s.id} className="plan-stage-slot" style={{ left: p?.x ?? 0, top: p?.y ?? 0, visibility: p ? 'visible' : 'hidden' }}>
              <StageBox stage={s} m={measures.get(s.id)} boxRef={(el) => { if (el) boxes.current.set(s.id, el); else boxes.current.delete(s.id); }} />
            </div>
          );
        })}
      </div>
    </div>
  );
}
