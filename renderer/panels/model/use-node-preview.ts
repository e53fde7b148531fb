// The preview (first rows of output) of the node a drawing needs. It shares the studio's one
// preview (session.ts loadPreview, as the Preview tab and selecting a node do), so selecting a
// model node and opening the Model tab computes it once; it reloads when the document changed,
// and waits while a run is going (both compete for the same two cores).

import { useEffect } from 'react';
import type { PreviewResult } from '../../../main/api.ts';
import { isActive } from '../../run/run-state.ts';
import { loadPreview } from '../../session.ts';
import { store, useStudio } from '../../store/studio-store.ts';

export interface NodePreview {
  readonly result?: PreviewResult;
  readonly error?: string;
  readonly loading: boolean;
  /** The result is of the document as it is now. */
  readonly fresh: boolean;
}

function upToDate(nodeId: string): boolean {
  const { preview, doc } = store.get();
  return preview.nodeId === nodeId && (preview.loading || preview.doc === doc);
}

export function useNodePreview(nodeId: string | undefined): NodePreview {
  const preview = useStudio((s) => s.preview);
  const doc = useStudio((s) => s.doc);
  const running = useStudio((s) => isActive(s.run));
  useEffect(() => {
    if (!nodeId || running || upToDate(nodeId)) return;
    // Selecting a node loads its preview after 300 ms: give that the first go.
    const t = setTimeout(() => { if (!upToDate(nodeId)) void loadPreview(nodeId); }, 600);
    return () => clearTimeout(t);
  }, [nodeId, doc, running, preview.nodeId, preview.loading]);
  if (!nodeId || preview.nodeId !== nodeId) return { loading: true, fresh: false };
  return { result: preview.result, error: preview.error, loading: preview.loading, fresh: preview.doc === doc && !preview.loading };
}
