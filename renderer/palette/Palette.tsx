// The palette: every kind of the engine's catalog, grouped, with search. Drag an item onto the
// canvas, double-click it, or press Enter on it (or in the search) to add it.

import { useMemo, useState, type KeyboardEvent } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { KindDef } from '../../main/api.ts';
import { addNodeInView, DRAG_MIME } from '../canvas/Canvas.tsx';
import { useStudio } from '../store/studio-store.ts';

const GROUPS: readonly { group: KindDef['group']; label: string }[] = [
  { group: 'source', label: 'Sources' },
  { group: 'transform', label: 'Transforms' },
  { group: 'join', label: 'Join' },
  { group: 'feature', label: 'Features' },
  { group: 'model', label: 'Models' },
  { group: 'sink', label: 'Sinks' },
];

function matchesQuery(def: KindDef, q: string): boolean {
  if (!q) return true;
  const hay = `${def.kind} ${def.title} ${def.doc}`.toLowerCase();
  return q.toLowerCase().split(/\s+/).every((w) => hay.includes(w));
}

export function Palette() {
  const catalog = useStudio((s) => s.catalog);
  const [query, setQuery] = useState('');
  const flow = useReactFlow();
  const shown = useMemo(() => catalog.filter((d) => matchesQuery(d, query)), [catalog, query]);

  const addAtCentre = (kind: string) => addNodeInView(kind, flow);

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' && shown[0]) {
      addAtCentre(shown[0].kind);
      setQuery('');
      e.currentTarget.blur();
    } else if (e.key === 'Escape') {
      setQuery('');
      e.currentTarget.blur();
    }
  };

  return (
    <aside className="palette" aria-label="Node palette">
      <div className="panel-title">Nodes</div>
      <input id="palette-search" className="search" type="search" placeholder="Search nodes…  (A)" value={query}
        onChange={(e) => setQuery(e.target.value)} onKeyDown={onSearchKey} aria-label="Search nodes" />
      <div className="palette-list">
        {catalog.length === 0 && <div className="muted pad">Loading the catalog…</div>}
        {GROUPS.map(({ group, label }) => {
          const defs = shown.filter((d) => d.group === group);
          if (defs.length === 0) return null;
          return (
            <section key={group} className="palette-group">
              <h3>{label}</h3>
              {defs.map((d) => (
                <button key={d.kind} type="button" className={`palette-item group-${d.group}`} draggable
                  data-kind={d.kind} title={d.doc} aria-label={`Add ${d.title}`}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(DRAG_MIME, d.kind);
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
                  onDoubleClick={() => addAtCentre(d.kind)}
                  onKeyDown={(e) => { if (e.key === 'Enter') addAtCentre(d.kind); }}>
                  <span className="dot" />
                  <span className="palette-item-title">{d.title}</span>
                  <span className="palette-item-kind">{d.kind}</span>
                </button>
              ))}
            </section>
          );
        })}
      </div>
    </aside>
  );
}
