// Export the pipeline on the canvas as code (the Export dialog, renderer/export/).

import type { Action } from './types.ts';

export const exportCode: Action = {
  name: 'export', label: 'Export as code…', shortcuts: ['Mod+Shift+E'], group: 'File', inTextFields: true,
  perform: ({ store }) => store.set({ dialog: 'export' }),
};
