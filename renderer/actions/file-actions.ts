// Files: new, open, save, save as. In browser mode open / save as show the studio's own dialog
// over files.list (a browser page cannot see the disk).

import { emptyDocument } from '../store/doc-ops.ts';
import { isDirty } from '../store/studio-store.ts';
import { saveTo } from '../session.ts';
import type { Action } from './types.ts';

export const newPipeline: Action = {
  name: 'new', label: 'New pipeline', shortcuts: ['Alt+N'], group: 'File', inTextFields: true,
  perform: ({ store }) => {
    if (isDirty(store.get()) && store.get().doc.nodes.length > 0 &&
      !window.confirm('Discard the unsaved changes of this pipeline?')) return;
    store.load(emptyDocument(), undefined, true);
  },
};

export const open: Action = {
  name: 'open', label: 'Open…', shortcuts: ['Mod+O'], group: 'File', inTextFields: true,
  perform: ({ store }) => store.set({ dialog: 'open' }),
};

export const save: Action = {
  name: 'save', label: 'Save', shortcuts: ['Mod+S'], group: 'File', inTextFields: true,
  perform: async ({ store }) => {
    const { path, example } = store.get();
    // A shipped example is not on disk yet: Save asks where (a file of its name may be the user's).
    if (path && !example) await saveTo(path);
    else store.set({ dialog: 'saveAs' });
  },
};

export const saveAs: Action = {
  name: 'saveAs', label: 'Save as…', shortcuts: ['Mod+Shift+S'], group: 'File', inTextFields: true,
  perform: ({ store }) => store.set({ dialog: 'saveAs' }),
};
