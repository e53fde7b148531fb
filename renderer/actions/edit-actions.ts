// Editing the document: every one is a single undoable change.

import { copyFragment, pasteFragment, removeEdges, removeNodes } from '../store/doc-ops.ts';
import type { Action } from './types.ts';

export const deleteSelection: Action = {
  name: 'delete', label: 'Delete selection', shortcuts: ['Delete', 'Backspace'], group: 'Edit',
  enabled: ({ store }) => store.get().selection.length > 0 || store.get().edgeSelection.length > 0,
  perform: ({ store }) => {
    const s = store.get();
    const doc = removeEdges(removeNodes(s.doc, new Set(s.selection)), new Set(s.edgeSelection));
    store.commit(doc, { selection: [], edgeSelection: [] });
  },
};

export const copySelection: Action = {
  name: 'copy', label: 'Copy', shortcuts: ['Mod+C'], group: 'Edit',
  enabled: ({ store }) => store.get().selection.length > 0,
  perform: ({ store }) => {
    const s = store.get();
    store.set({ clipboard: copyFragment(s.doc, new Set(s.selection)) });
    store.toast(`Copied ${s.selection.length} node${s.selection.length === 1 ? '' : 's'}`);
  },
};

export const paste: Action = {
  name: 'paste', label: 'Paste', shortcuts: ['Mod+V'], group: 'Edit',
  enabled: ({ store }) => (store.get().clipboard?.nodes.length ?? 0) > 0,
  perform: ({ store }) => {
    const s = store.get();
    if (!s.clipboard) return;
    const { doc, ids } = pasteFragment(s.doc, s.clipboard, { x: 40, y: 40 });
    store.commit(doc, { selection: ids, clipboard: { nodes: doc.nodes.filter((n) => ids.includes(n.id)), edges: [] } });
  },
};

export const duplicate: Action = {
  name: 'duplicate', label: 'Duplicate', shortcuts: ['Mod+D'], group: 'Edit',
  enabled: ({ store }) => store.get().selection.length > 0,
  perform: ({ store }) => {
    const s = store.get();
    const { doc, ids } = pasteFragment(s.doc, copyFragment(s.doc, new Set(s.selection)), { x: 40, y: 40 });
    store.commit(doc, { selection: ids });
  },
};

export const undo: Action = {
  name: 'undo', label: 'Undo', shortcuts: ['Mod+Z'], group: 'Edit',
  enabled: ({ store }) => store.get().past.length > 0,
  perform: ({ store }) => store.undo(),
};

export const redo: Action = {
  name: 'redo', label: 'Redo', shortcuts: ['Mod+Shift+Z', 'Mod+Y'], group: 'Edit',
  enabled: ({ store }) => store.get().future.length > 0,
  perform: ({ store }) => store.redo(),
};

export const selectAll: Action = {
  name: 'selectAll', label: 'Select all nodes', shortcuts: ['Mod+A'], group: 'Edit',
  perform: ({ store }) => store.set((s) => ({ selection: s.doc.nodes.map((n) => n.id) })),
};

export const addNode: Action = {
  name: 'addNode', label: 'Add a node (search the palette, Enter adds)', shortcuts: ['A', '/'], group: 'Edit',
  perform: () => {
    const input = document.querySelector<HTMLInputElement>('#palette-search');
    input?.focus();
    input?.select();
  },
};
