// An action is everything the studio can do, as a record: the toolbar buttons, the keyboard
// shortcuts and the help sheet all read the same list (Excalidraw's actions/ are the model).

import type { ReactFlowInstance } from '@xyflow/react';
import type { StudioStore } from '../store/studio-store.ts';

export interface ActionContext {
  readonly store: StudioStore;
  /** The canvas, once it is mounted (zoom, viewport centre, node sizes). */
  readonly flow: ReactFlowInstance | null;
}

export interface Action {
  readonly name: string;
  readonly label: string;
  /** Shown in the help sheet and matched on key down: "Mod+Z", "Shift+L", "Delete", "?". */
  readonly shortcuts: readonly string[];
  readonly group: 'File' | 'Edit' | 'View' | 'Run';
  /** Also fires while typing in a text field (Mod+S, Mod+Enter). */
  readonly inTextFields?: boolean;
  readonly enabled?: (ctx: ActionContext) => boolean;
  readonly perform: (ctx: ActionContext) => void | Promise<void>;
}
