import { describe, expect, it } from 'vitest';
import { isTrustedFrame } from './sender.ts';

const ORIGIN = 'app://studio';

describe('IPC sender check', () => {
  it('trusts only the main frame of our own origin', () => {
    expect(isTrustedFrame({ url: 'app://studio/index.html', parent: null }, ORIGIN)).toBe(true);
    expect(isTrustedFrame({ url: 'app://studio/index.html?x=1#y', parent: null }, ORIGIN)).toBe(true);
  });

  it('refuses iframes, other origins, look-alike hosts, file pages and garbage', () => {
    expect(isTrustedFrame({ url: 'app://studio/index.html', parent: {} }, ORIGIN)).toBe(false);
    expect(isTrustedFrame({ url: 'https://evil.example/', parent: null }, ORIGIN)).toBe(false);
    expect(isTrustedFrame({ url: 'app://studio.evil/index.html', parent: null }, ORIGIN)).toBe(false);
    expect(isTrustedFrame({ url: 'app://studio@evil/index.html', parent: null }, ORIGIN)).toBe(false);
    expect(isTrustedFrame({ url: 'file:///etc/passwd', parent: null }, ORIGIN)).toBe(false);
    expect(isTrustedFrame({ url: 'not a url', parent: null }, ORIGIN)).toBe(false);
    expect(isTrustedFrame(null, ORIGIN)).toBe(false);
  });
});
