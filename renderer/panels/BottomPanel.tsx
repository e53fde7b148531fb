// The bottom panel: Progress / Preview / Plan / Skew / Model tabs (keyboard: arrow keys move between tabs).

import { type KeyboardEvent } from 'react';
import { store, useStudio, type BottomTab } from '../store/studio-store.ts';
import { ModelTab } from './model/ModelTab.tsx';
import { PlanTab } from './plan/PlanTab.tsx';
import { PreviewTab } from './preview/PreviewTab.tsx';
import { ProgressTab } from './progress/ProgressTab.tsx';
import { SkewHeatmap } from './skew/SkewHeatmap.tsx';
import { HistoryTab } from './history/HistoryTab.tsx';
import { SchedulesTab } from './schedules/SchedulesTab.tsx';

const TABS: readonly { id: BottomTab; label: string }[] = [
  { id: 'progress', label: 'Progress' },
  { id: 'preview', label: 'Preview' },
  { id: 'plan', label: 'Plan' },
  { id: 'skew', label: 'Skew' },
  { id: 'model', label: 'Model' },
  { id: 'history', label: 'History' },
  { id: 'schedules', label: 'Schedules' },
];

export function BottomPanel() {
  const tab = useStudio((s) => s.bottomTab);
  const skewed = useStudio((s) => s.run.stages.some((x) => x.summary?.skewed));
  const onKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.id === tab);
    if (e.key === 'ArrowRight') store.set({ bottomTab: TABS[(i + 1) % TABS.length]!.id });
    if (e.key === 'ArrowLeft') store.set({ bottomTab: TABS[(i + TABS.length - 1) % TABS.length]!.id });
  };
  return (
    <section className="bottom">
      <div className="tabs" role="tablist" aria-label="Run panels" onKeyDown={onKey}>
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" id={`tab-${t.id}`} aria-selected={tab === t.id}
            aria-controls={`tabpanel-${t.id}`} tabIndex={tab === t.id ? 0 : -1}
            className={tab === t.id ? 'tab on' : 'tab'} onClick={() => store.set({ bottomTab: t.id })}>
            {t.label}{t.id === 'skew' && skewed ? <span className="tab-flag" aria-label="skew found">▲</span> : null}
          </button>
        ))}
      </div>
      <div className="tabpanel" role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'progress' && <ProgressTab />}
        {tab === 'preview' && <PreviewTab />}
        {tab === 'plan' && <PlanTab />}
        {tab === 'skew' && <SkewHeatmap />}
        {tab === 'model' && <ModelTab />}
        {tab === 'history' && <HistoryTab />}
        {tab === 'schedules' && <SchedulesTab />}
      </div>
    </section>
  );
}
