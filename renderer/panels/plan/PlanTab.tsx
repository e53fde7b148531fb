// The plans of the current pipeline: logical, optimized and physical, and which optimizer rules
// changed it. Fetched when the tab opens and again after every change while it is open.

import { useEffect, useMemo, useState } from 'react';
import { loadExplain, toggleRule } from '../../session.ts';
import { useStudio } from '../../store/studio-store.ts';
import { lineDiff } from './line-diff.ts';
import { PlanGraphView } from './PlanGraph.tsx';

// 'graph' draws the physical plan; the texts stay one click away.
type Which = 'graph' | 'logical' | 'optimized' | 'changes' | 'physical';

export function PlanTab() {
  const explain = useStudio((s) => s.explain);
  const [which, setWhich] = useState<Which>('graph');
  useEffect(() => { void loadExplain(); }, []);
  const r = explain.result;
  const off = explain.disabledRules ?? [];
  const diff = useMemo(() => (r ? lineDiff(r.logical, r.optimized) : []), [r]);
  return (
    <div className="plan-tab">
      <div className="plan-toolbar">
        <div className="seg" role="radiogroup" aria-label="Plan">
          {(['graph', 'logical', 'optimized', 'changes', 'physical'] as const).map((w) => (
            <button key={w} type="button" role="radio" aria-checked={which === w} className={which === w ? 'on' : ''}
              onClick={() => setWhich(w)}>{w}</button>
          ))}
        </div>
        {explain.loading && <span className="muted">updating…</span>}
        {r && (
          <span className="rules" data-testid="rules-fired">
            {r.rulesFired.length === 0 && off.length === 0 ? <span className="muted">no optimizer rule changed the plan</span> : (
              <>
                rules fired:
                {[...new Set(r.rulesFired)].map((x) => (
                  <button key={x} type="button" className="chip on" title={`Plan without ${x}`} aria-pressed="true"
                    onClick={() => toggleRule(x)}>{x}</button>
                ))}
                {off.map((x) => (
                  <button key={x} type="button" className="chip off" title={`${x} is switched off here: click to switch it back on`}
                    aria-pressed="false" onClick={() => toggleRule(x)}>{x}</button>
                ))}
              </>
            )}
          </span>
        )}
      </div>
      {explain.error && <pre className="plan-text issue">{explain.error}</pre>}
      {r && which === 'graph' && (r.graph ? <PlanGraphView graph={r.graph} />
        : <pre className="plan-text" data-testid="plan-text">{r.physical}</pre>)}
      {r && which !== 'changes' && which !== 'graph' && <pre className="plan-text" data-testid="plan-text">{r[which]}</pre>}
      {r && which === 'changes' && (
        <pre className="plan-text" data-testid="plan-diff" aria-label="What the optimizer changed: logical plan against optimized plan">
          {diff.map((l, i) => (
            <div key={i} className={`diff-${l.kind}`}>{l.kind === 'removed' ? '− ' : l.kind === 'added' ? '+ ' : '  '}{l.text}</div>
          ))}
        </pre>
      )}
    </div>
  );
}
