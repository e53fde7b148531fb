// How a benchmark child process (run-one.ts) reports back to the parent (run.ts): one line on
// stdout starting with REPORT_MARK, followed by a ChildReport as JSON. Result cells are
// normalized here so that rows from DuckDB, Polars and Tributary compare directly.

export type Cell = number | string | boolean | null;

export interface ResultTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

export type ChildReport =
  | {
      readonly ok: true;
      /** Time spent in the engine call itself, after module loading (information only). */
      readonly innerMs: number;
      /** The child's peak resident set size, all threads included. */
      readonly maxRssMB: number;
      /** The result rows (DuckDB, Polars). */
      readonly table?: ResultTable;
      /** Where the result was written (Tributary's sink); the parent reads it. */
      readonly outputPath?: string;
      /** Extra figures, e.g. the warm latency's median and spread. */
      readonly extra?: Readonly<Record<string, number>>;
    }
  | { readonly ok: false; readonly error: string; readonly maxRssMB: number };

export const REPORT_MARK = '@@bench-report ';

export function maxRssMB(): number {
  return process.resourceUsage().maxRSS / 1024; // maxRSS is in kilobytes
}

export function writeReport(report: ChildReport): void {
  process.stdout.write(`\n${REPORT_MARK}${JSON.stringify(report)}\n`);
}

/** Finds the report in a child's stdout; undefined when the child died before reporting. */
export function parseReport(stdout: string): ChildReport | undefined {
  const at = stdout.lastIndexOf(REPORT_MARK);
  if (at < 0) return undefined;
  const line = stdout.slice(at + REPORT_MARK.length).split('\n', 1)[0] ?? '';
  return JSON.parse(line) as ChildReport;
}

/**
 * One value as JSON-safe data that compares across engines: integers of any width become
 * numbers (counts stay far below 2^53), timestamps and dates become ISO strings.
 */
export function normalizeCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

export function normalizeRows(rows: readonly (readonly unknown[])[]): Cell[][] {
  return rows.map((row) => row.map(normalizeCell));
}
