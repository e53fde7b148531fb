// The command palette (Mod+K): one search over every action, every node kind and the pipelines to
// open. Arrow keys move, Enter runs, Escape closes.

import { useEffect, useMemo, useState } from 'react';
import type { ReactFlowInstance } from '@xyflow/react';
import type { PipelineFile } from '../../main/api.ts';
import { ACTIONS, performAction } from '../actions/registry.ts';
import { displayShortcut } from '../actions/shortcuts.ts';
import { addNodeInView } from '../canvas/Canvas.tsx';
import { errorText, openFile, theApi } from '../session.ts';
import { store, useStudio } from '../store/studio-store.ts';
import { filterCommands, type CommandItem } from './command-items.ts';
import { Modal } from './Modal.tsx';

export function CommandPalette({ flow }: { flow: ReactFlowInstance | null }) {
  const catalog = useStudio((s) => s.catalog);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [files, setFiles] = useState<readonly string[]>([]);
  const [examples, setExamples] = useState<readonly PipelineFile[]>([]);
  const close = () => store.set({ dialog: null });
  useEffect(() => {
    const a = theApi();
    a.call('files.list', {}).then((l) => setFiles(l.entries.filter((e) => !e.isDir && e.name.endsWith('.json')).map((e) => e.name)),
      (err: unknown) => store.toast(`Could not list the workspace: ${errorText(err)}`, 'error'));
    a.call('files.examples', {}).then(setExamples, () => setExamples([]));
  }, []);

  const items = useMemo((): CommandItem[] => {
    const ctx = { store, flow };
    const run = (f: () => void) => () => { close(); f(); };
    return [
      ...ACTIONS.filter((a) => a.name !== 'commandPalette' && (!a.enabled || a.enabled(ctx))).map((a) => ({
        id: `action:${a.name}`, section: 'Action' as const, label: a.label, detail: a.shortcuts.map(displayShortcut).join('  '),
        run: run(() => performAction(a, ctx)),
      })),
      ...catalog.map((d) => ({
        id: `kind:${d.kind}`, section: 'Add node' as const, label: d.title, detail: d.kind,
        run: run(() => { if (flow) addNodeInView(d.kind, flow); }),
      })),
      ...files.map((f) => ({ id: `file:${f}`, section: 'Open pipeline' as const, label: f.replace(/\.json$/, ''), detail: f,
        run: run(() => void openFile(f)) })),
      ...examples.map((f) => ({
        id: `example:${f.path}`, section: 'Example' as const, label: f.document.name, detail: f.path,
        run: run(() => store.load(f.document, f.path, 'example')),
      })),
    ];
  }, [catalog, files, examples, flow]);
  const shown = filterCommands(items, query).slice(0, 60);
  const current = Math.min(active, Math.max(0, shown.length - 1));

  return (
    <Modal title="Command palette" onClose={close}>
      <div className="command-palette" data-testid="command-palette">
        <input className="input" data-autofocus placeholder="Type an action, a node kind or a pipeline…" aria-label="Command"
          value={query} role="combobox" aria-expanded="true" aria-controls="command-list"
          onChange={(e) => { setQuery(e.target.value); setActive(0); }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              const n = Math.max(1, shown.length);
              setActive((current + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
            } else if (e.key === 'Enter' && shown[current]) {
              e.preventDefault();
              shown[current].run();
            }
          }} />
        <ul className="command-list" id="command-list" role="listbox" aria-label="Commands">
          {shown.map((c, k) => (
            <li key={c.id} role="option" aria-selected={k === current} className={k === current ? 'active' : undefined}
              data-section={c.section} onMouseEnter={() => setActive(k)} onMouseDown={(e) => { e.preventDefault(); c.run(); }}>
              <span className="command-section">{c.section}</span>
              <span className="command-label">{c.label}</span>
              <span className="command-detail">{c.detail}</span>
            </li>
          ))}
          {shown.length === 0 && <li className="muted">Nothing matches '{query}'.</li>}
        </ul>
      </div>
    </Modal>
  );
}
