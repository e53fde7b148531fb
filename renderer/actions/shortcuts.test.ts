import { describe, expect, it } from 'vitest';
import { ACTIONS, actionForKey } from './registry.ts';
import { matches } from './shortcuts.ts';

const key = (k: string, mods: Partial<{ ctrl: boolean; meta: boolean; shift: boolean; alt: boolean; code: string }> = {}) => ({
  key: k, code: mods.code, ctrlKey: !!mods.ctrl, metaKey: !!mods.meta, shiftKey: !!mods.shift, altKey: !!mods.alt,
});

describe('shortcuts', () => {
  it('matches Mod as Ctrl or Cmd, and Shift exactly', () => {
    expect(matches('Mod+Z', key('z', { ctrl: true }))).toBe(true);
    expect(matches('Mod+Z', key('z', { meta: true }))).toBe(true);
    expect(matches('Mod+Z', key('z', { ctrl: true, shift: true }))).toBe(false);
    expect(matches('Mod+Shift+Z', key('Z', { ctrl: true, shift: true }))).toBe(true);
    expect(matches('Shift+1', key('!', { shift: true, code: 'Digit1' }))).toBe(true);
    expect(matches('?', key('?', { shift: true }))).toBe(true);
    expect(matches('Delete', key('Backspace'))).toBe(true);
  });

  it('finds the action for a key, only text-field-safe ones while typing', () => {
    expect(actionForKey(key('Enter', { ctrl: true }), false)?.name).toBe('run');
    expect(actionForKey(key('Enter', { ctrl: true }), true)?.name).toBe('run');
    expect(actionForKey(key('Backspace'), true)).toBeUndefined();
    expect(actionForKey(key('Backspace'), false)?.name).toBe('delete');
    expect(actionForKey(key('k', { ctrl: true }), true)?.name).toBe('commandPalette');
    expect(actionForKey(key('k', { meta: true }), false)?.name).toBe('commandPalette');
  });

  it('gives every action a distinct name and at least one shortcut, with no shortcut used twice', () => {
    expect(new Set(ACTIONS.map((a) => a.name)).size).toBe(ACTIONS.length);
    const all = ACTIONS.flatMap((a) => a.shortcuts);
    expect(new Set(all).size).toBe(all.length);
    expect(ACTIONS.every((a) => a.shortcuts.length > 0)).toBe(true);
  });
});
