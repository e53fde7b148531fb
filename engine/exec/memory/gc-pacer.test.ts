// The pacer collects a task's dead array buffers once they pass its slack, and not before.

import { describe, expect, it } from 'vitest';
import { CHECK_EVERY, GcPacer } from './gc-pacer.ts';

const arrayBuffers = (): number => process.memoryUsage().arrayBuffers;
const ticks = (pacer: GcPacer): void => { for (let i = 0; i < CHECK_EVERY; i++) pacer.tick(); };

/** Allocates `mb` of array buffers and drops them (each touched, so it is really allocated). */
function churn(mb: number): void {
  for (let i = 0; i < mb; i++) new Uint8Array(1 << 20).fill(1);
}

describe('GcPacer', () => {
  it('collects once dead buffers pass a quarter of the share (16 MB at least), and frees them', () => {
    const pacer = new GcPacer(64 << 20);
    churn(8);
    ticks(pacer);
    expect(pacer.collections).toBe(0);
    churn(40);
    const before = arrayBuffers();
    ticks(pacer);
    expect(pacer.collections).toBe(1);
    // The 48 MB dropped are gone (live buffers of the runner may come and go by a few MB).
    expect(arrayBuffers()).toBeLessThan(before - 32 * (1 << 20));
  });

  it('counts from what was left after the last collection, so live buffers do not make it collect again', () => {
    const pacer = new GcPacer(64 << 20);
    const live = Array.from({ length: 40 }, () => new Uint8Array(1 << 20).fill(2));
    pacer.collect();
    const collections = pacer.collections;
    for (let i = 0; i < 4; i++) ticks(pacer);
    expect(pacer.collections).toBe(collections);
    expect(live.length).toBe(40);
  });
});
