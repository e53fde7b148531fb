// Export: the pipeline on the canvas (saved or not) as a standalone program of one of the export
// targets, highlighted, to copy or save as a file. Problems in the document are listed instead.

import { useEffect, useMemo, useState } from 'react';
import type { ExportResult, ExportTargetInfo } from '../../main/api.ts';
import { errorText, theApi } from '../session.ts';
import { store, useStudio } from '../store/studio-store.ts';
import { Modal } from '../ui/Modal.tsx';
import { downloadText } from './save-file.ts';
import '../styles/export.css';

const TARGET_KEY = 'tributary.exportTarget';

type Highlight = typeof import('./highlight.ts').highlightedHtml;
// highlight.js loads with the first Export, as its own chunk: the studio's start does not wait for it.
let highlighter: Promise<Highlight> | undefined;
const loadHighlighter = (): Promise<Highlight> => (highlighter ??= import('./highlight.ts').then((m) => m.highlightedHtml));

export function ExportDialog() {
  const doc = useStudio((s) => s.doc);
  const path = useStudio((s) => s.path);
  const [targets, setTargets] = useState<readonly ExportTargetInfo[]>([]);
  const [target, setTarget] = useState(() => localStorage.getItem(TARGET_KEY) ?? 'ts');
  const [result, setResult] = useState<ExportResult | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [copied, setCopied] = useState(false);
  const [highlight, setHighlight] = useState<Highlight | undefined>();
  const close = () => store.set({ dialog: null });

  useEffect(() => {
    // Plain text until the highlighter has loaded (or if it cannot).
    loadHighlighter().then((h) => setHighlight(() => h), () => undefined);
    void theApi().call('pipeline.exportTargets', {}).then(setTargets, (err: unknown) => setError(errorText(err)));
  }, []);
  useEffect(() => {
    let current = true;
    setCopied(false);
    theApi().call('pipeline.export', { document: doc, target, ...(path ? { path } : {}) }).then(
      (r) => { if (current) { setResult(r); setError(undefined); } },
      (err: unknown) => { if (current) { setResult(undefined); setError(errorText(err)); } },
    );
    return () => { current = false; };
  }, [doc, path, target]);

  const html = useMemo(() => (result && highlight ? highlight(result.code, result.fileName) : undefined), [result, highlight]);
  const chooseTarget = (key: string) => {
    localStorage.setItem(TARGET_KEY, key);
    setTarget(key);
  };
  const copy = async () => {
    if (!result) return;
    try {
      await navigator.clipboard.writeText(result.code);
      setCopied(true);
    } catch (err) {
      store.toast(`Copy failed: ${errorText(err)}`, 'error');
    }
  };

  return (
    <Modal title="Export pipeline as code" onClose={close} wide>
      <div className="export-bar">
        <label>
          <span className="muted">as</span>{' '}
          <select className="input" aria-label="Export target" value={target} onChange={(e) => chooseTarget(e.target.value)}>
            {targets.map((t) => <option key={t.key} value={t.key}>{t.title}</option>)}
            {!targets.some((t) => t.key === target) && <option value={target}>{target}</option>}
          </select>
        </label>
        {result && <span className="muted export-file" data-testid="export-file-name">{result.fileName}</span>}
        <div className="spacer" />
        <button type="button" className="btn" disabled={!result} onClick={() => void copy()}>{copied ? 'Copied' : 'Copy'}</button>
        <button type="button" className="btn primary" disabled={!result}
          onClick={() => result && downloadText(result.code, result.fileName)}>Save as…</button>
      </div>
      {error !== undefined && <pre className="export-error" role="alert">{error}</pre>}
      {result && (html !== undefined
        ? <pre className="export-code hljs" data-testid="export-code"><code dangerouslySetInnerHTML={{ __html: html }} /></pre>
        : <pre className="export-code" data-testid="export-code"><code>{result.code}</code></pre>)}
    </Modal>
  );
}
