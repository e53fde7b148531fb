// After a reload or restart the studio shows the last run's results again, from the history:
// the newest finished run of the open pipeline (by file, else by the document's name).

import type { Api } from '../../../main/api.ts';
import { store } from '../../store/studio-store.ts';
import { replayRun } from './replay.ts';

const FINISHED = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED']);

export async function restoreLastRun(api: Api): Promise<void> {
  const { path, doc, run } = store.get();
  if (run.status !== 'idle') return;
  try {
    const runs = await api.call('history.list', path ? { pipeline: path, limit: 20 } : { limit: 50 });
    const last = runs.find((r) => FINISHED.has(r.state) && (path !== undefined || r.pipelineName === doc.name));
    if (!last) return;
    const record = await api.call('history.get', { runId: last.id });
    if (store.get().run.status === 'idle') store.set({ run: replayRun(record) });
  } catch {
    // The history is a convenience here: a store that cannot be read must not stop the studio.
  }
}
