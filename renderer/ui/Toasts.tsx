// Short messages (a refused connection's reason, a save, a failure), announced to screen readers.

import { store, useStudio } from '../store/studio-store.ts';

export function Toasts() {
  const toasts = useStudio((s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'} data-testid="toast">
          <span>{t.text}</span>
          <button type="button" className="icon-btn" aria-label="Dismiss"
            onClick={() => store.set((s) => ({ toasts: s.toasts.filter((x) => x.id !== t.id) }))}>×</button>
        </div>
      ))}
    </div>
  );
}
