// Every action of the studio, in the order the help sheet lists them.

import * as edit from './edit-actions.ts';
import * as file from './file-actions.ts';
import * as runActions from './run-actions.ts';
import * as view from './view-actions.ts';
import * as exportActions from './export-action.ts';
import * as previewActions from './preview-actions.ts';
import { matches, type KeyLike } from './shortcuts.ts';
import type { Action, ActionContext } from './types.ts';

export const ACTIONS: readonly Action[] = [
  file.newPipeline, file.open, file.save, file.saveAs,
  edit.addNode, edit.deleteSelection, edit.duplicate, edit.copySelection, edit.paste, edit.undo, edit.redo, edit.selectAll,
  view.autoLayout, view.zoomToFit, view.zoomIn, view.zoomOut, view.help, view.commandPalette,
  runActions.run, runActions.cancel,
  exportActions.exportCode,
  previewActions.exactPreview,
];

export function actionByName(name: string): Action {
  const a = ACTIONS.find((x) => x.name === name);
  if (!a) throw new Error(`no action named '${name}'`);
  return a;
}

export function actionForKey(e: KeyLike, inTextField: boolean): Action | undefined {
  return ACTIONS.find((a) => (!inTextField || a.inTextFields) && a.shortcuts.some((s) => matches(s, e)));
}

export function performAction(a: Action, ctx: ActionContext): void {
  if (a.enabled && !a.enabled(ctx)) return;
  void Promise.resolve(a.perform(ctx)).catch((err: unknown) => ctx.store.toast(`${a.label} failed: ${String(err)}`, 'error'));
}
