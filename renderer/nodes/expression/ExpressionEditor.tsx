// The expression editor: a code field that completes column names (from the input port's schema)
// and functions (name, signature, one-line description from the engine's function catalog), and
// underlines the engine's problems at their position. Like TextField it commits on Enter or blur,
// so one edit is one undo step.

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { PipelineIssue, Schema } from '../../../main/api.ts';
import { useStudio } from '../../store/studio-store.ts';
import { inQuotes, suggest, wordAt, type Suggestion } from './completion.ts';

interface Props {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly placeholder?: string;
  readonly schema: Schema | undefined;
  /** The engine's problems with this expression; those with a span are marked in the text. */
  readonly issues: readonly PipelineIssue[];
  readonly onCommit: (text: string) => void;
}

interface Open { readonly start: number; readonly items: readonly Suggestion[]; readonly active: number }

/** The text split around the issues' spans, for the backdrop that underlines them. */
function marked(text: string, issues: readonly PipelineIssue[]) {
  const spans = issues.flatMap((i) => (i.span ? [{ ...i.span, message: i.message }] : []))
    .filter((s) => s.start < text.length).sort((a, b) => a.start - b.start);
  const parts: { text: string; message?: string }[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    const end = Math.max(s.start + 1, Math.min(s.end, text.length));
    parts.push({ text: text.slice(at, s.start) }, { text: text.slice(s.start, end), message: s.message });
    at = end;
  }
  parts.push({ text: text.slice(at) });
  return parts;
}

export function ExpressionEditor({ id, label, value, placeholder, schema, issues, onCommit }: Props) {
  const functions = useStudio((s) => s.functions);
  const [text, setText] = useState(value);
  const [editing, setEditing] = useState(false);
  const [open, setOpen] = useState<Open | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const backdrop = useRef<HTMLDivElement>(null);
  const caretAfter = useRef<number | null>(null);
  useEffect(() => {
    if (!editing) setText(value);
  }, [value, editing]);
  useLayoutEffect(() => {
    if (caretAfter.current === null || !area.current) return;
    area.current.setSelectionRange(caretAfter.current, caretAfter.current);
    caretAfter.current = null;
  });

  const refresh = (next: string, caret: number, force = false) => {
    const { start, prefix } = wordAt(next, caret);
    if (inQuotes(next, caret) || (!force && prefix === '')) return setOpen(null);
    const items = suggest(prefix, schema, functions);
    setOpen(items.length ? { start, items, active: 0 } : null);
  };
  const accept = (s: Suggestion) => {
    const caret = area.current?.selectionStart ?? text.length;
    const start = open?.start ?? caret;
    const next = text.slice(0, start) + s.insert + text.slice(caret);
    caretAfter.current = start + s.insert.length;
    setEditing(true);
    setText(next);
    setOpen(null);
  };
  const commit = () => {
    setEditing(false);
    setOpen(null);
    if (text !== value) onCommit(text);
  };

  // Spans point into the committed text: mark them only while it is what the field shows.
  const parts = text === value ? marked(text, issues) : [{ text }];
  return (
    <div className="expr-editor">
      <div className="expr-backdrop" ref={backdrop} aria-hidden="true">
        {parts.map((p, k) => (p.message ? <mark key={k} className="expr-error" title={p.message}>{p.text}</mark> : <span key={k}>{p.text}</span>))}
        {'\n'}
      </div>
      <textarea ref={area} id={id} className="input code" aria-label={label} placeholder={placeholder} value={text} rows={2}
        spellCheck={false} autoComplete="off" role="combobox" aria-expanded={open !== null} aria-autocomplete="list"
        aria-controls={`${id}-completions`}
        onScroll={(e) => { if (backdrop.current) backdrop.current.scrollTop = e.currentTarget.scrollTop; }}
        onChange={(e) => { setEditing(true); setText(e.target.value); refresh(e.target.value, e.target.selectionStart); }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (open) {
            const n = open.items.length;
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              setOpen({ ...open, active: (open.active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n });
              return;
            }
            if (e.key === 'Enter' || e.key === 'Tab') { e.preventDefault(); accept(open.items[open.active]!); return; }
            if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); setOpen(null); return; }
          }
          if (e.key === ' ' && e.ctrlKey) { e.preventDefault(); refresh(text, e.currentTarget.selectionStart, true); return; }
          if (e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.metaKey) { e.preventDefault(); commit(); }
          if (e.key === 'Escape') { setEditing(false); setText(value); }
        }} />
      {open && (
        <ul className="expr-completions" id={`${id}-completions`} role="listbox" aria-label="completions">
          {open.items.map((s, k) => (
            <li key={`${s.kind}-${s.name}`} role="option" aria-selected={k === open.active} data-kind={s.kind}
              className={k === open.active ? 'active' : undefined}
              onMouseDown={(e) => { e.preventDefault(); accept(s); }}>
              <span className="expr-name">{s.name}</span>
              <span className="expr-detail">{s.kind === 'column' ? `column · ${s.detail}` : s.detail}</span>
              {s.doc && <span className="expr-doc">{s.doc}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
