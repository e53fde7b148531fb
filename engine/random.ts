// mulberry32: a small, fast seeded PRNG, uniform in [0, 1). The engine's seeded choices (k-means
// initial centers) and its test data generators share it, so a seed means the same stream everywhere.

export function mulberry32(seed: number): () => number {
  // Seeds beyond 32 bits fold their high part in rather than being cut off.
  let a = (Math.trunc(seed) ^ Math.trunc(seed / 2 ** 32)) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
