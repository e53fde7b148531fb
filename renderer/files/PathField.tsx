// A source's or sink's path: the text field, a Browse button (the workspace browser), the
// system's file dialog in the desktop app, and under it what is there now: the file exists and
// its size (and rows, from Parquet footers), a folder or glob and its files, "not found", or the
// path policy's refusal. Asked again when the path, the pipeline file or a run's end changes.

import { useEffect, useState } from 'react';
import type { DataFileFormat, DataFileStat } from '../../main/api.ts';
import { TextField } from '../nodes/generic/TextField.tsx';
import { errorText, theApi } from '../session.ts';
import { store, useStudio } from '../store/studio-store.ts';
import { DataFileDialog } from './DataFileDialog.tsx';
import { formatBytes } from './doc-relative.ts';

let appMode: Promise<'electron' | 'browser'> | undefined;
function mode(): Promise<'electron' | 'browser'> {
  appMode ??= theApi().call('app.info', {}).then((i) => i.mode, () => 'browser' as const);
  return appMode;
}

/** The format a source or sink kind reads or writes ('source.csv' → csv), if it is a file kind. */
export function formatOfKind(kind: string): DataFileFormat | undefined {
  const m = /^(?:source|sink)\.(parquet|csv|json)$/.exec(kind);
  return m ? (m[1] as DataFileFormat) : undefined;
}

export function statusText(s: DataFileStat, sink: boolean): string {
  const size = s.bytes !== undefined ? ` · ${formatBytes(s.bytes)}` : '';
  const rows = s.rows !== undefined ? ` · ${s.rows.toLocaleString('en-US')} rows` : '';
  const files = (n = 0) => `${n} file${n === 1 ? '' : 's'}`;
  switch (s.status) {
    case 'file': return `exists${size}${rows}`;
    case 'folder': return s.files ? `folder of ${files(s.files)}${size}${rows}` : `folder: ${s.message ?? 'no data files in it'}`;
    case 'glob': return `matches ${files(s.files)}${size}${rows}`;
    case 'missing': return sink ? 'not found: the run will create it' : 'not found';
    case 'refused': return s.message ?? 'refused by the path policy';
  }
}

export interface PathFieldProps {
  readonly id: string;
  readonly label: string;
  readonly kind: string;
  readonly value: string;
  readonly placeholder?: string;
  readonly onChange: (value: string | undefined) => void;
}

export function PathField({ id, label, kind, value, placeholder, onChange }: PathFieldProps) {
  const docPath = useStudio((s) => s.path);
  const runStatus = useStudio((s) => s.run.status);
  const [stat, setStat] = useState<DataFileStat | { error: string } | undefined>();
  const [browsing, setBrowsing] = useState(false);
  const [desktop, setDesktop] = useState(false);
  const format = formatOfKind(kind);
  const sink = kind.startsWith('sink.');
  useEffect(() => { void mode().then((m) => setDesktop(m === 'electron')); }, []);
  useEffect(() => {
    if (value === '') { setStat(undefined); return; }
    let live = true;
    theApi().call('files.stat', { path: value, docPath, ...(format ? { format } : {}) })
      .then((s) => { if (live) setStat(s); }, (err: unknown) => { if (live) setStat({ error: errorText(err) }); });
    return () => { live = false; };
  }, [value, docPath, format, runStatus]);

  const pickNative = async () => {
    try {
      const r = await theApi().call('files.pickNative', { mode: sink ? 'save' : 'open', docPath, ...(format ? { format } : {}) });
      if (r.path !== null) onChange(r.path);
    } catch (err) {
      store.toast(errorText(err), 'error');
    }
  };
  const status = stat && 'status' in stat ? stat.status : stat ? 'error' : undefined;
  return (
    <div className="path-field">
      <div className="path-row">
        <TextField id={id} className="input" aria-label={label} value={value} placeholder={placeholder}
          onCommit={(t) => onChange(t === '' ? undefined : t)} />
        <button type="button" className="btn small" data-testid="path-browse" onClick={() => setBrowsing(true)}
          title={`Choose a ${format ?? 'data'} file in the workspace or a data folder`}>Browse…</button>
        {desktop && <button type="button" className="btn small" onClick={() => void pickNative()}>System dialog…</button>}
      </div>
      {stat && (
        <div className={`path-status ${status === 'file' || status === 'folder' || status === 'glob' ? 'ok' : sink && status === 'missing' ? 'muted' : 'bad'}`}
          data-testid="path-status" data-status={status}>
          {'error' in stat ? stat.error : statusText(stat, sink)}
        </div>
      )}
      {browsing && <DataFileDialog format={format} mode={sink ? 'save' : 'open'} docPath={docPath} current={value}
        onPick={(p) => onChange(p)} onClose={() => setBrowsing(false)} />}
    </div>
  );
}
