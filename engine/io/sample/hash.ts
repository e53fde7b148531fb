// Counter-based random numbers for the sample datasets: every value is a pure function of
// (seed, column salt, row index), so any split of the rows yields exactly the same data.

/** murmur3's 32-bit finalizer: a fast, well-mixed bijection on uint32. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uint32 for (seed, salt, row); rows up to 2^53 are supported. */
export function hashRow(seed: number, salt: number, row: number): number {
  const lo = row >>> 0;
  const hi = Math.floor(row / 4294967296) >>> 0;
  const k = fmix32((seed ^ Math.imul(salt + 1, 0x9e3779b9)) >>> 0);
  return fmix32((lo ^ fmix32((hi ^ k) >>> 0)) + k >>> 0);
}

/** A double in [0, 1) for (seed, salt, row). */
export function uniform(seed: number, salt: number, row: number): number {
  return hashRow(seed, salt, row) / 4294967296;
}

/** A standard normal value (Box-Muller over two independent uniforms). */
export function normal(seed: number, salt: number, row: number): number {
  const u1 = 1 - uniform(seed, salt, row); // (0, 1]
  const u2 = uniform(seed, salt + 1000, row);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Index of the first cdf entry >= u (binary search); cdf must be non-decreasing and end at 1. */
export function searchCdf(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A Zipf-like rank in 1..n for u in [0, 1): the inverse CDF of the continuous power law x^-s on
 * [1, n+1), floored. Frequencies fall off as k^-s like a discrete Zipf, but a draw is one pow()
 * instead of a search through an n-entry table (random access into a 1M-entry CDF costs a few
 * cache misses per row, ~10x slower). s must not be 1.
 */
export function zipfRank(n: number, s: number, u: number): number {
  const a = 1 - s;
  const z = (Math.pow(n + 1, a) - 1) / a;
  const k = Math.floor(Math.pow(1 + a * u * z, 1 / a));
  return k < 1 ? 1 : k > n ? n : k;
}
