// Running the pipeline in main.

import { isActive } from '../run/run-state.ts';
import { cancelRun, startRun } from '../session.ts';
import type { Action } from './types.ts';

export const run: Action = {
  name: 'run', label: 'Run pipeline', shortcuts: ['Mod+Enter'], group: 'Run', inTextFields: true,
  enabled: ({ store }) => !isActive(store.get().run) && store.get().doc.nodes.length > 0,
  perform: () => startRun(),
};

export const cancel: Action = {
  name: 'cancel', label: 'Cancel run', shortcuts: ['Mod+.'], group: 'Run', inTextFields: true,
  enabled: ({ store }) => isActive(store.get().run),
  perform: () => cancelRun(),
};
