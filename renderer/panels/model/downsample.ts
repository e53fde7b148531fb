// Scatter plots draw at most a few thousand marks: beyond that an SVG gets slow and the picture
// does not change. The rows kept are evenly spaced over the input, the same on every render.

export const MAX_PLOTTED_POINTS = 2000;

/** How many points a plot of `n` rows draws. */
export function plottedCount(n: number, max = MAX_PLOTTED_POINTS): number {
  return Math.max(0, Math.min(n, Math.floor(max)));
}

/** Row indices to draw: all of them when n <= max, else `max` evenly spaced ones (first row kept). */
export function downsampleIndices(n: number, max = MAX_PLOTTED_POINTS): Uint32Array {
  const count = plottedCount(n, max);
  const out = new Uint32Array(count);
  if (count === n) {
    for (let i = 0; i < n; i++) out[i] = i;
    return out;
  }
  for (let i = 0; i < count; i++) out[i] = Math.floor((i * n) / count);
  return out;
}

/** The values at `indices`. */
export function pick(values: ArrayLike<number>, indices: Uint32Array): Float64Array {
  const out = new Float64Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = values[indices[i]!]!;
  return out;
}
