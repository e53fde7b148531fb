// The top bar: the pipeline's name and file, file and edit actions, layout, run / cancel.

import { useReactFlow } from '@xyflow/react';
import { actionByName, performAction } from '../actions/registry.ts';
import { displayShortcut } from '../actions/shortcuts.ts';
import { isActive } from '../run/run-state.ts';
import { isDirty, store, useStudio } from '../store/studio-store.ts';
import { TextField } from '../nodes/generic/TextField.tsx';
import { RunTargetSelect } from '../run/RunTargetSelect.tsx';

function ActionButton({ name, icon, primary, text }: { name: string; icon?: string; primary?: boolean; text?: string }) {
  const flow = useReactFlow();
  useStudio((s) => s); // re-render when enabled-ness may change
  const a = actionByName(name);
  const ctx = { store, flow };
  const enabled = a.enabled ? a.enabled(ctx) : true;
  const shortcut = a.shortcuts[0] ? ` (${displayShortcut(a.shortcuts[0])})` : '';
  return (
    <button type="button" className={`btn${primary ? ' primary' : ''}${icon && !text ? ' icon' : ''}`} disabled={!enabled}
      title={`${a.label}${shortcut}`} aria-label={a.label} data-action={a.name} onClick={() => performAction(a, ctx)}>
      {icon && <span aria-hidden="true" className="btn-icon">{icon}</span>}{text}
    </button>
  );
}

export function Toolbar() {
  const name = useStudio((s) => s.doc.name);
  const path = useStudio((s) => s.path);
  const dirty = useStudio(isDirty);
  const example = useStudio((s) => s.example === true && !isDirty(s));
  const kept = useStudio((s) => s.autosavedDoc === s.doc);
  const running = useStudio((s) => isActive(s.run));
  const partitions = useStudio((s) => s.doc.settings?.partitions);
  const memoryMB = useStudio((s) => s.doc.settings?.memoryBudgetMB);
  return (
    <header className="toolbar">
      <div className="brand" aria-label="Tributary"><span className="brand-mark">≋</span> Tributary</div>
      <div className="doc-title">
        <TextField className="input title-input" value={name} aria-label="Pipeline name"
          onCommit={(t) => { if (t.trim()) store.commit({ ...store.get().doc, name: t.trim() }); }} />
        <span className="doc-path muted" data-autosaved={kept ? 'true' : 'false'} data-example={example ? 'true' : 'false'}
          title={example ? `a shipped example, not saved yet: Save writes it to ${path ?? 'the workspace'} in the workspace`
            : path ? `${path}${dirty ? ' (unsaved changes)' : ''}` : 'not saved to a file'}>
          {path ? path.split('/').pop() : 'not saved'}</span>
        {example && <span className="muted example-tag">example</span>}
        {dirty && <span className="dirty-dot" title={kept ? 'unsaved changes; a draft is kept and restored on the next start' : 'unsaved changes'}>•</span>}
      </div>
      <div className="tool-group">
        <ActionButton name="new" text="New" />
        <ActionButton name="open" text="Open" />
        <ActionButton name="save" text="Save" />
        <ActionButton name="export" text="Export" />
      </div>
      <div className="tool-group">
        <ActionButton name="undo" icon="↶" />
        <ActionButton name="redo" icon="↷" />
        <ActionButton name="autoLayout" text="Layout" />
        <ActionButton name="zoomToFit" text="Fit" />
      </div>
      <div className="spacer" />
      <label className="partitions" title="Partitions per stage for this pipeline (settings.partitions)">
        <span className="muted">partitions</span>
        <TextField className="input num" inputMode="numeric" value={partitions === undefined ? '' : String(partitions)}
          placeholder="auto" aria-label="Partitions"
          onCommit={(text) => {
            const n = Math.trunc(Number(text));
            const doc = store.get().doc;
            const settings = { ...doc.settings, partitions: text.trim() === '' || !(n > 0) ? undefined : Math.min(n, 256) };
            store.commit({ ...doc, settings });
          }} />
      </label>
      <RunTargetSelect />
      <label className="partitions" title="Memory budget of a run of this pipeline, in MB, all threads together; over it, data spills to disk (settings.memoryBudgetMB; empty: the studio's default, else half the machine's memory)">
        <span className="muted">memory MB</span>
        <TextField className="input num" inputMode="numeric" value={memoryMB === undefined ? '' : String(memoryMB)}
          placeholder="auto" aria-label="Memory budget MB"
          onCommit={(text) => {
            const n = Number(text);
            const doc = store.get().doc;
            const settings = { ...doc.settings, memoryBudgetMB: text.trim() === '' || !(n >= 1) ? undefined : Math.round(n) };
            store.commit({ ...doc, settings });
          }} />
      </label>
      {running ? <ActionButton name="cancel" text="Cancel" icon="■" /> : <ActionButton name="run" text="Run" icon="▶" primary />}
      <ActionButton name="help" icon="?" />
    </header>
  );
}
