// A canonical order of rows (by feature vector, lexicographically, then by label): fits that
// gather the rows themselves sort them first, so the same rows give bit-identical sums, steps
// and random draws for any partitioning.

/** Row indices sorted by (features[0..size), then label). */
export function canonicalOrder(features: Float64Array, size: number, n: number, label?: Float64Array): Uint32Array {
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    const oa = a * size, ob = b * size;
    for (let j = 0; j < size; j++) {
      const d = features[oa + j]! - features[ob + j]!;
      if (d !== 0) return d;
    }
    return label ? label[a]! - label[b]! : 0;
  });
  return order;
}

/** `features` and `label` rearranged in `order`. */
export function reorder(order: Uint32Array, features: Float64Array, size: number, label?: Float64Array): { features: Float64Array; label: Float64Array | undefined } {
  const n = order.length;
  const f = new Float64Array(n * size);
  const l = label ? new Float64Array(n) : undefined;
  for (let i = 0; i < n; i++) {
    const r = order[i]!;
    // An element loop, not f.set(features.subarray(...)): no view object allocated per row.
    for (let j = 0, from = r * size, to = i * size; j < size; j++) f[to + j] = features[from + j]!;
    if (l) l[i] = label![r]!;
  }
  return { features: f, label: l };
}
