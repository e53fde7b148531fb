// The studio: palette left, canvas centre, inspector right, run panels below; every panel
// resizable. Global shortcuts come from the action records.

import { useEffect, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { actionForKey, performAction } from './actions/registry.ts';
import { Canvas } from './canvas/Canvas.tsx';
import { FileDialog } from './files/FileDialog.tsx';
import { Inspector } from './nodes/generic/Inspector.tsx';
import { Palette } from './palette/Palette.tsx';
import { BottomPanel } from './panels/BottomPanel.tsx';
import { loadPreview } from './session.ts';
import { isDirty, store, useStudio } from './store/studio-store.ts';
import { HelpSheet } from './ui/HelpSheet.tsx';
import { CommandPalette } from './ui/CommandPalette.tsx';
import { Splitter } from './ui/Splitter.tsx';
import { Toasts } from './ui/Toasts.tsx';
import { Toolbar } from './ui/Toolbar.tsx';
import { ExportDialog } from './export/ExportDialog.tsx';

function isTextField(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || !el.tagName) return false;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  if (el.tagName !== 'INPUT') return false;
  const type = (el as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit'].includes(type);
}

/** Selecting one node previews its output (debounced: a quick click-through loads only the last);
 *  while the Preview tab is open, edits and finished runs refresh it. */
function usePreviewOnSelect(): void {
  const selection = useStudio((s) => s.selection);
  const doc = useStudio((s) => s.doc);
  const tab = useStudio((s) => s.bottomTab);
  const runStatus = useStudio((s) => s.run.status);
  const one = selection.length === 1 ? selection[0] : undefined;
  useEffect(() => {
    if (!one) return;
    const t = setTimeout(() => void loadPreview(one), 300);
    return () => clearTimeout(t);
  }, [one]);
  useEffect(() => {
    const { nodeId: current, doc: shown } = store.get().preview;
    if (!one || tab !== 'preview' || current !== one || runStatus === 'running' || runStatus === 'starting') return;
    if (shown === doc && runStatus === 'idle') return;
    const t = setTimeout(() => void loadPreview(one), 500);
    return () => clearTimeout(t);
    // `one` changes are handled above; this refreshes the same node's preview.
  }, [doc, tab, runStatus]);
}

const SIZES_KEY = 'tributary.panelSizes';

/** Panel sizes are the user's: kept across reloads in this browser profile. */
function savedSize(which: 'left' | 'right' | 'bottom', fallback: number): number {
  try {
    const v = (JSON.parse(localStorage.getItem(SIZES_KEY) ?? '{}') as Record<string, unknown>)[which];
    return typeof v === 'number' && v > 0 ? v : fallback;
  } catch {
    return fallback;
  }
}

/** The window title names the pipeline and marks unsaved changes. */
function useWindowTitle(): void {
  const name = useStudio((s) => s.doc.name);
  const dirty = useStudio(isDirty);
  useEffect(() => { document.title = `${dirty ? '• ' : ''}${name} — Tributary`; }, [name, dirty]);
}

export function App() {
  const flow = useReactFlow();
  const dialog = useStudio((s) => s.dialog);
  const ready = useStudio((s) => s.ready);
  const [left, setLeft] = useState(() => savedSize('left', 230));
  const [right, setRight] = useState(() => savedSize('right', 320));
  const [bottom, setBottom] = useState(() => savedSize('bottom', 260));
  useEffect(() => {
    localStorage.setItem(SIZES_KEY, JSON.stringify({ left, right, bottom }));
  }, [left, right, bottom]);
  usePreviewOnSelect();
  useWindowTitle();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (store.get().dialog && e.key !== '?') return;
      const a = actionForKey(e, isTextField(e.target));
      if (!a) return;
      e.preventDefault();
      performAction(a, { store, flow });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [flow]);

  return (
    <div className="studio" data-ready={ready ? 'true' : 'false'}
      style={{ gridTemplateColumns: `${left}px 4px 1fr 4px ${right}px`, gridTemplateRows: `auto 1fr 4px ${bottom}px` }}>
      <Toolbar />
      <Palette />
      <Splitter orientation="vertical" label="Resize palette" value={left} min={160} max={420} direction={1} onChange={setLeft} area="s1" />
      <main className="centre" aria-label="Canvas"><Canvas /></main>
      <Splitter orientation="vertical" label="Resize inspector" value={right} min={240} max={560} direction={-1} onChange={setRight} area="s2" />
      <Inspector />
      <Splitter orientation="horizontal" label="Resize bottom panel" value={bottom} min={120} max={640} direction={-1} onChange={setBottom} area="hs" />
      <BottomPanel />
      {dialog === 'help' && <HelpSheet />}
      {dialog === 'commands' && <CommandPalette flow={flow} />}
      {(dialog === 'open' || dialog === 'saveAs') && <FileDialog mode={dialog} />}
      {dialog === 'export' && <ExportDialog />}
      <Toasts />
    </div>
  );
}
