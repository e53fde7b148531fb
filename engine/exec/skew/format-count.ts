// Row and pair counts in the skew and mitigation messages: whole numbers with thousands separators.

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
