// Sizes typed on the bench's command line: row counts (`--rows 100M`) and memory budgets
// (`--budgets 256MB,1GB`), read strictly so that a typo is an error, not a different benchmark.

const ROW_UNITS: Record<string, number> = { '': 1, K: 1e3, M: 1e6, B: 1e9 };
const MEMORY_UNITS: Record<string, number> = { MB: 1, M: 1, GB: 1024, G: 1024 };

/** "100M", "2M", "500K", "1.5M" or "1000000" as a whole number of rows (at least 1). */
export function parseRows(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMB]?)$/i.exec(text.trim());
  const rows = m ? Number(m[1]) * ROW_UNITS[m[2]!.toUpperCase()]! : NaN;
  if (!Number.isInteger(rows) || rows < 1) {
    throw new Error(`'${text}' is not a row count: write e.g. 2M, 100M, 500K or 1000000`);
  }
  return rows;
}

/** A row count as the label files and tables use: 100000000 -> "100M", 2500 -> "2.5K". */
export function rowsLabel(rows: number): string {
  for (const [unit, size] of [['B', 1e9], ['M', 1e6], ['K', 1e3]] as const) {
    if (rows >= size && Number.isInteger((rows / size) * 1000)) return `${rows / size}${unit}`;
  }
  return String(rows);
}

/** "256MB", "1GB", "1.5GB", "512M" as megabytes (whole, at least 1). */
export function parseMemoryMB(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(MB|M|GB|G)$/i.exec(text.trim());
  const mb = m ? Number(m[1]) * MEMORY_UNITS[m[2]!.toUpperCase()]! : NaN;
  if (!Number.isInteger(mb) || mb < 1) {
    throw new Error(`'${text}' is not a memory size: write e.g. 256MB or 1GB`);
  }
  return mb;
}

/** Megabytes as the tables show a budget: 256 -> "256MB", 1024 -> "1GB". */
export function memoryLabel(mb: number): string {
  return mb % 1024 === 0 ? `${mb / 1024}GB` : `${mb}MB`;
}
