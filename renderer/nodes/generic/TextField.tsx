// A text input that commits on Enter or when focus leaves, so one edit is one undo step
// (not one per keystroke), and follows outside changes (undo) while not being edited.

import { useEffect, useState, type InputHTMLAttributes } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  readonly value: string;
  readonly onCommit: (text: string) => void;
  readonly multiline?: boolean;
};

export function TextField({ value, onCommit, multiline, ...rest }: Props) {
  const [text, setText] = useState(value);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setText(value);
  }, [value, editing]);
  const commit = () => {
    setEditing(false);
    if (text !== value) onCommit(text);
  };
  if (multiline) {
    return (
      <textarea className={rest.className} aria-label={rest['aria-label']} placeholder={rest.placeholder} id={rest.id}
        value={text} rows={2} spellCheck={false}
        onChange={(e) => { setEditing(true); setText(e.target.value); }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.metaKey) { e.preventDefault(); commit(); }
          if (e.key === 'Escape') { setEditing(false); setText(value); }
        }} />
    );
  }
  return (
    <input {...rest} value={text}
      onChange={(e) => { setEditing(true); setText(e.target.value); }}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') { setEditing(false); setText(value); }
      }} />
  );
}
