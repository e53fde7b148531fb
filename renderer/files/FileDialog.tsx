// Open / save-as in the studio's own dialog over files.list: a browser page cannot see the
// disk, so main lists the workspace folders and the user picks or types a path.

import { useEffect, useState } from 'react';
import type { PipelineFile } from '../../main/api.ts';
import { errorText, openFile, saveTo, theApi } from '../session.ts';
import { store, useStudio } from '../store/studio-store.ts';
import { Modal } from '../ui/Modal.tsx';

interface Listing { readonly dir: string; readonly entries: readonly { name: string; isDir: boolean }[] }

// Paths are relative to the workspace ('' is its root), as files.list answers them.
function join(dir: string, name: string): string {
  return dir === '' || dir === '.' ? name : dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

function parent(dir: string): string {
  const i = dir.replace(/\/+$/, '').lastIndexOf('/');
  return i < 0 ? '' : dir.slice(0, i);
}

export function FileDialog({ mode }: { mode: 'open' | 'saveAs' }) {
  const path = useStudio((s) => s.path);
  const docName = useStudio((s) => s.doc.name);
  const [listing, setListing] = useState<Listing | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [name, setName] = useState(mode === 'saveAs' ? (path?.split('/').pop() ?? `${docName || 'pipeline'}.json`) : '');
  const close = () => store.set({ dialog: null });

  const list = async (dir?: string) => {
    try {
      setListing(await theApi().call('files.list', { dir }));
      setError(undefined);
    } catch (err) {
      setError(errorText(err));
    }
  };
  useEffect(() => { void list(path ? parent(path) || undefined : undefined); }, [path]);

  const submit = async () => {
    if (!listing || !name.trim()) return;
    const target = join(listing.dir, name.trim());
    if (mode === 'open') {
      if (await openFile(target)) close();
    } else {
      const file = target.endsWith('.json') ? target : `${target}.json`;
      // Another file of that name is the user's: replacing it is their decision, never silent.
      const exists = listing.entries.some((e) => !e.isDir && join(listing.dir, e.name) === file);
      const ownFile = file === path && !store.get().example; // re-saving the file this document came from
      if (exists && !ownFile && !window.confirm(`Replace ${file}? The file in the workspace is overwritten.`)) return;
      if (await saveTo(file)) close();
    }
  };

  const entries = listing?.entries.filter((e) => e.isDir || e.name.endsWith('.json')) ?? [];
  const [examples, setExamples] = useState<readonly PipelineFile[]>([]);
  useEffect(() => {
    if (mode === 'open') void theApi().call('files.examples', {}).then(setExamples, () => setExamples([]));
  }, [mode]);
  const openExample = (f: PipelineFile) => {
    // An example opens clean, as a document of the workspace not yet on disk: Save writes it
    // there under its own name, and its relative paths resolve there (never in the app's folder).
    store.load(f.document, f.path, 'example');
    close();
  };
  return (
    <Modal title={mode === 'open' ? 'Open a pipeline' : 'Save pipeline as'} onClose={close}>
      <div className="file-dialog" data-testid="file-dialog">
        <div className="file-dir">
          <button type="button" className="btn small" disabled={!listing || listing.dir === ''}
            onClick={() => listing && void list(parent(listing.dir) || undefined)} aria-label="Parent folder">↑</button>
          <code>{listing ? `workspace/${listing.dir}` : '…'}</code>
        </div>
        {error && <div className="issue">{error}</div>}
        <ul className="file-list" role="listbox" aria-label="Files">
          {entries.map((e) => (
            <li key={e.name}>
              <button type="button" className={`file-entry${e.isDir ? ' dir' : ''}${name === e.name ? ' on' : ''}`}
                onClick={() => (e.isDir ? void list(join(listing!.dir, e.name)) : setName(e.name))}
                onDoubleClick={() => { if (!e.isDir) { setName(e.name); void submit(); } }}>
                {e.isDir ? '▸ ' : ''}{e.name}
              </button>
            </li>
          ))}
          {listing && entries.length === 0 && <li className="muted pad">No pipeline files here.</li>}
        </ul>
        {examples.length > 0 && (
          <div className="examples">
            <span className="muted">Examples:</span>
            {examples.map((f) => (
              <button key={f.path} type="button" className="btn small" onClick={() => openExample(f)}>{f.document.name}</button>
            ))}
          </div>
        )}
        <form className="file-name" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} aria-label="File name"
            placeholder="pipeline.json" autoFocus />
          <button type="submit" className="btn primary">{mode === 'open' ? 'Open' : 'Save'}</button>
        </form>
      </div>
    </Modal>
  );
}
