// A canonical order of rows (by feature vector, lexicographically, then by label): fits that
// gather the rows themselves sort them first, so the same rows give bit-identical sums, steps
// and random draws for any partitioning. Lexicographic, not by a hash of the values: features
// scaled by statistics merged from partials differ in their last bits between partitionings, and
// a value order, unlike a hash, does not change with them. The first element is radix-sorted
// (linear in the rows; a comparison sort of 2M rows took ~3 s), then each run of rows with an
// equal first element is sorted by the rest.

function compareRows(features: Float64Array, size: number, label: Float64Array | undefined, a: number, b: number): number {
  const oa = a * size, ob = b * size;
  for (let j = 0; j < size; j++) {
    const x = features[oa + j]!, y = features[ob + j]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return label && label[a] !== label[b] ? (label[a]! < label[b]! ? -1 : 1) : 0;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer); // little-endian: [low word, high word]

/** Row indices sorted by (features[0..size), then label). */
export function canonicalOrder(features: Float64Array, size: number, n: number, label?: Float64Array): Uint32Array {
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (size === 0) return order.sort((a, b) => compareRows(features, size, label, a, b));
  // The first element's bits, turned so that unsigned order is numeric order (-0 counts as 0).
  const lo = new Uint32Array(n), hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const x = features[i * size]!;
    f64[0] = x === 0 ? 0 : x;
    const h = u32[1]!;
    if (h & 0x80000000) { hi[i] = ~h >>> 0; lo[i] = ~u32[0]! >>> 0; } else { hi[i] = (h | 0x80000000) >>> 0; lo[i] = u32[0]!; }
  }
  // Least significant digit first, 16 bits a pass: stable, so four passes sort by all 64 bits.
  let into = new Uint32Array(n);
  const count = new Uint32Array(65537);
  for (const [word, shift] of [[lo, 0], [lo, 16], [hi, 0], [hi, 16]] as const) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[((word[i]! >>> shift) & 0xffff) + 1]!++;
    for (let b = 1; b <= 65536; b++) count[b]! += count[b - 1]!;
    for (let i = 0; i < n; i++) { const r = order[i]!; into[count[(word[r]! >>> shift) & 0xffff]!++] = r; }
    [order, into] = [into, order];
  }
  for (let s = 0; s < n;) {
    const first = features[order[s]! * size]!;
    let e = s + 1;
    while (e < n && features[order[e]! * size] === first) e++;
    if (e - s > 1) order.subarray(s, e).sort((a, b) => compareRows(features, size, label, a, b));
    s = e;
  }
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
