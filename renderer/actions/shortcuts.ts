// Matching a key event against an action's shortcut text, and showing that text per platform.

export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export interface KeyLike {
  readonly key: string;
  readonly code?: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

/** Keys that are typed with Shift on most layouts: their Shift state is not part of the shortcut. */
const SHIFTED_SYMBOLS = new Set(['?', '+', '!', ':']);

export function matches(shortcut: string, e: KeyLike): boolean {
  const parts = shortcut.split('+').filter((p, i, all) => p !== '' || i === all.length - 1);
  const key = (shortcut.endsWith('++') ? '+' : parts[parts.length - 1] ?? '').toLowerCase();
  const mods = new Set(parts.slice(0, -1).map((p) => p.toLowerCase()));
  const mod = e.ctrlKey || e.metaKey;
  if (mods.has('mod') !== mod) return false;
  if (mods.has('alt') !== e.altKey) return false;
  if (!SHIFTED_SYMBOLS.has(key) && mods.has('shift') !== e.shiftKey) return false;
  const pressed = e.key.toLowerCase();
  if (pressed === key) return true;
  // With Shift or Alt held, e.key is the shifted symbol; the physical key still identifies it.
  const code = e.code ?? '';
  return code === `Key${key.toUpperCase()}` || code === `Digit${key}` || (key === 'delete' && pressed === 'backspace');
}

export function displayShortcut(shortcut: string): string {
  return shortcut
    .replace('Mod', IS_MAC ? '⌘' : 'Ctrl')
    .replace('Alt', IS_MAC ? '⌥' : 'Alt')
    .replace('Enter', '↵');
}
