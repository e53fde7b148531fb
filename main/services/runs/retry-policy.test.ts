// The retry settings: what the document accepts and the delays they give.

import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../../engine/document/load.ts';
import { maxAttempts, retryDelayMs } from './retry-policy.ts';

const doc = (settings: unknown) => ({ version: 1, name: 'p', settings, nodes: [], edges: [] });

describe('retry settings', () => {
  it('are pipeline settings: retries, retryDelaySeconds (number or list), retryJitterFactor', () => {
    expect(parseDocument(doc({ retries: 2, retryDelaySeconds: [10, 60], retryJitterFactor: 0.5 })).issues).toEqual([]);
    expect(parseDocument(doc({ retries: 1, retryDelaySeconds: 5 })).issues).toEqual([]);
    expect(parseDocument(doc({ retries: -1 })).issues).not.toEqual([]);
    expect(parseDocument(doc({ retryDelaySeconds: 'soon' })).issues).not.toEqual([]);
  });

  it('give one try plus the retries, a schedule overriding the pipeline', () => {
    expect(maxAttempts(undefined)).toBe(1);
    expect(maxAttempts({ retries: 3 })).toBe(4);
    expect(maxAttempts({ retries: 3 }, 0)).toBe(1);
  });

  it('wait the listed delay per retry (the last repeating), lengthened by jitter, never shortened', () => {
    const s = { retryDelaySeconds: [10, 60], retryJitterFactor: 0.5 };
    expect([1, 2, 3].map((n) => retryDelayMs(s, n, () => 0))).toEqual([10_000, 60_000, 60_000]);
    expect(retryDelayMs(s, 1, () => 0.999999)).toBeLessThanOrEqual(15_000); // up to 10 s x (1 + 0.5)
    expect(retryDelayMs(s, 1, () => 0.5)).toBe(12_500);
    expect(retryDelayMs({ retryDelaySeconds: 7 }, 4, () => 0.9)).toBe(7_000);
    expect(retryDelayMs(undefined, 1)).toBe(0);
  });
});
