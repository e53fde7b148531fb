// The view: layout, zoom, the help sheet.

import { moveNodes } from '../store/doc-ops.ts';
import { fitReadable } from '../canvas/fit.ts';
import type { Action } from './types.ts';

export const autoLayout: Action = {
  name: 'autoLayout', label: 'Auto-layout', shortcuts: ['Shift+L'], group: 'View',
  perform: async ({ store, flow }) => {
    // elkjs is large: load it the first time a layout is asked for.
    const { layoutPositions } = await import('../canvas/auto-layout.ts');
    const positions = await layoutPositions(store.get().doc, (id) => {
      const m = flow?.getNode(id)?.measured;
      return m?.width && m.height ? { width: m.width, height: m.height } : undefined;
    });
    store.commit(moveNodes(store.get().doc, positions));
    setTimeout(() => { if (flow) fitReadable(flow, 250); }, 60);
  },
};

export const zoomToFit: Action = {
  name: 'zoomToFit', label: 'Zoom to fit', shortcuts: ['Shift+1'], group: 'View',
  perform: ({ flow }) => { if (flow) fitReadable(flow, 250); },
};

export const zoomIn: Action = {
  name: 'zoomIn', label: 'Zoom in', shortcuts: ['+', '='], group: 'View',
  perform: ({ flow }) => void flow?.zoomIn({ duration: 150 }),
};

export const zoomOut: Action = {
  name: 'zoomOut', label: 'Zoom out', shortcuts: ['-'], group: 'View',
  perform: ({ flow }) => void flow?.zoomOut({ duration: 150 }),
};

export const help: Action = {
  name: 'help', label: 'Keyboard shortcuts', shortcuts: ['?'], group: 'View',
  perform: ({ store }) => store.set((s) => ({ dialog: s.dialog === 'help' ? null : 'help' })),
};

export const commandPalette: Action = {
  name: 'commandPalette', label: 'Command palette', shortcuts: ['Mod+K'], group: 'View', inTextFields: true,
  perform: ({ store }) => store.set((s) => ({ dialog: s.dialog === 'commands' ? null : 'commands' })),
};
