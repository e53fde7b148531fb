// Byte counts as the optimizer's explain text shows them (join strategy reasons).

/** `40 KB`, `1.5 MB`: 1024-based, as Spark's thresholds are. */
export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n, u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  const text = v < 10 && u > 0 ? (Math.round(v * 10) / 10).toString() : Math.round(v).toString();
  return `${text} ${units[u]}`;
}
