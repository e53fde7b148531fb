// The preview: an aggregate or sort over a large source is first shown from the source's first
// rows (labelled); this asks for its exact answer over all of them.

import { loadPreview } from '../session.ts';
import type { Action } from './types.ts';

export const exactPreview: Action = {
  name: 'exactPreview', label: 'Exact preview (all rows)', shortcuts: ['Shift+E'], group: 'View',
  enabled: ({ store }) => store.get().preview.result?.prefix !== undefined && !store.get().preview.loading,
  perform: ({ store }) => {
    const { nodeId } = store.get().preview;
    if (nodeId) void loadPreview(nodeId, { exact: true });
  },
};
