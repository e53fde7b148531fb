// The file picker of a source's or sink's path: the workspace browser of the Open dialog over
// files.listData (folders and data files of the node's format only), the data folders, and the
// recent data files (kept by main in the studio's data folder: browser mode's origin changes with
// its port, so localStorage would forget them at every start). The picked path is written as
// the document writes paths: relative to the pipeline file's folder.

import { useEffect, useState } from 'react';
import type { DataFileFormat } from '../../main/api.ts';
import { errorText, theApi } from '../session.ts';
import { Modal } from '../ui/Modal.tsx';
import { forDocument, joinPath, parentPath } from './doc-relative.ts';

interface Listing { readonly dir: string; readonly entries: readonly { name: string; isDir: boolean }[] }

export interface DataFileDialogProps {
  readonly format: DataFileFormat | undefined;
  /** 'save': a sink's output, which need not exist yet (a name can be typed). */
  readonly mode: 'open' | 'save';
  readonly docPath: string | undefined;
  /** The current value, so the browser starts in its folder. */
  readonly current: string;
  readonly onPick: (path: string) => void;
  readonly onClose: () => void;
}

export function DataFileDialog({ format, mode, docPath, current, onPick, onClose }: DataFileDialogProps) {
  const [listing, setListing] = useState<Listing | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [name, setName] = useState(current.split('/').pop() ?? '');
  const [recent, setRecent] = useState<readonly string[]>([]);
  const [dataFolders, setDataFolders] = useState<readonly string[]>([]);

  const list = async (dir?: string) => {
    try {
      setListing(await theApi().call('files.listData', { dir, ...(format ? { format } : {}) }));
      setError(undefined);
    } catch (err) {
      setError(errorText(err));
    }
  };
  useEffect(() => {
    void list();
    theApi().call('files.recent', { docPath }).then((r) => setRecent(r.paths), () => setRecent([]));
    theApi().call('settings.load', {}).then((s) => setDataFolders(s.dataFolders), () => setDataFolders([]));
  }, [docPath]);

  const choose = async (documentPath: string) => {
    try {
      await theApi().call('files.remember', { path: documentPath, docPath });
    } catch (err) {
      setError(errorText(err));
      return;
    }
    onPick(documentPath);
    onClose();
  };
  const submit = () => {
    if (!listing || !name.trim()) return;
    void choose(forDocument(joinPath(listing.dir, name.trim()), docPath));
  };
  const what = format ? `${format} files` : 'data files';
  return (
    <Modal title={mode === 'open' ? `Choose a ${format ?? 'data'} file` : `Where to write the ${format ?? 'output'} file`} onClose={onClose}>
      <div className="file-dialog" data-testid="data-file-dialog">
        {recent.length > 0 && (
          <div className="recent-files">
            <span className="muted">Recent:</span>
            {recent.map((p) => (
              <button key={p} type="button" className="btn small" data-testid="recent-file" onClick={() => void choose(p)}>{p}</button>
            ))}
          </div>
        )}
        <div className="file-dir">
          <button type="button" className="btn small" disabled={!listing || listing.dir === ''}
            onClick={() => listing && void list(parentPath(listing.dir) || undefined)} aria-label="Parent folder">↑</button>
          <code>{listing ? (listing.dir.startsWith('/') ? listing.dir : `workspace/${listing.dir}`) : '…'}</code>
          {dataFolders.map((f) => (
            <button key={f} type="button" className="btn small" title={`Data folder ${f}`} onClick={() => void list(f)}>{f}</button>
          ))}
        </div>
        {error && <div className="issue" role="alert">{error}</div>}
        <ul className="file-list" role="listbox" aria-label="Files">
          {listing?.entries.map((e) => (
            <li key={e.name}>
              <button type="button" className={`file-entry${e.isDir ? ' dir' : ''}${name === e.name ? ' on' : ''}`}
                onClick={() => (e.isDir ? void list(joinPath(listing.dir, e.name)) : setName(e.name))}
                onDoubleClick={() => { if (!e.isDir) void choose(forDocument(joinPath(listing.dir, e.name), docPath)); }}>
                {e.isDir ? '▸ ' : ''}{e.name}
              </button>
            </li>
          ))}
          {listing && listing.entries.length === 0 && <li className="muted pad">No folders or {what} here.</li>}
        </ul>
        <form className="file-name" onSubmit={(e) => { e.preventDefault(); submit(); }}>
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} aria-label="File name"
            placeholder={mode === 'open' ? `a ${format ?? 'data'} file` : `result.${format ?? 'parquet'}`} data-autofocus />
          <button type="submit" className="btn primary">Choose</button>
        </form>
      </div>
    </Modal>
  );
}
