// K-means drawings: how many rows each cluster holds, and a 2-D scatter of the first two
// feature elements coloured by cluster.

/** Rows per cluster 0..k-1 (k at least the largest cluster number + 1); other values are left out. */
export function clusterSizes(prediction: ArrayLike<number>, k = 0): number[] {
  let size = Math.max(0, Math.floor(k));
  for (let i = 0; i < prediction.length; i++) {
    const c = prediction[i]!;
    if (Number.isInteger(c) && c >= 0 && c + 1 > size) size = c + 1;
  }
  const counts = new Array<number>(size).fill(0);
  for (let i = 0; i < prediction.length; i++) {
    const c = prediction[i]!;
    if (Number.isInteger(c) && c >= 0) counts[c]!++;
  }
  return counts;
}

/** A colour per cluster, evenly around the hue circle, readable on the dark theme. */
export function clusterColour(cluster: number, k: number): string {
  const hue = Math.round((cluster * 360) / Math.max(1, k) + 200) % 360;
  return `hsl(${hue} 65% 62%)`;
}
