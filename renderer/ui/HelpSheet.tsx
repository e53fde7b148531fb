// The help sheet (?): every action and its shortcuts, read from the same action records the
// keyboard handler and the toolbar use, plus the few canvas gestures.

import { ACTIONS } from '../actions/registry.ts';
import { displayShortcut } from '../actions/shortcuts.ts';
import { store } from '../store/studio-store.ts';
import { Modal } from './Modal.tsx';

const GESTURES: readonly [string, string][] = [
  ['Add a node', 'drag it from the palette, or double-click it'],
  ['Connect', 'drag from an output dot (right) to an input dot (left)'],
  ['Select several', 'Shift-drag a box, or Ctrl/⌘-click'],
  ['Pan / zoom', 'drag the background or scroll / Ctrl-scroll or pinch'],
  ['Add after the selected node', 'double-click a palette item, or Enter in its search'],
  ['See a port\'s columns', 'hover its dot'],
];

export function HelpSheet() {
  const groups = ['File', 'Edit', 'View', 'Run'] as const;
  return (
    <Modal title="Keyboard shortcuts" onClose={() => store.set({ dialog: null })} wide>
      <div className="help-grid" data-testid="help-sheet">
        {groups.map((g) => (
          <section key={g}>
            <h3>{g}</h3>
            <dl>
              {ACTIONS.filter((a) => a.group === g).map((a) => (
                <div key={a.name} className="help-row">
                  <dt>{a.label}</dt>
                  <dd>{a.shortcuts.map((s) => <kbd key={s}>{displayShortcut(s)}</kbd>)}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <section>
          <h3>Canvas</h3>
          <dl>
            {GESTURES.map(([what, how]) => <div key={what} className="help-row"><dt>{what}</dt><dd className="muted">{how}</dd></div>)}
          </dl>
        </section>
      </div>
    </Modal>
  );
}
