// How a benchmark child process (run-one.ts) reports back to the parent (run.ts): one line on
// stdout starting with REPORT_MARK, followed by a ChildReport as JSON.

export type ChildReport =
  | {
      readonly ok: true;
      /** Time spent in the engine call itself, after module loading (information only). */
      readonly innerMs: number;
      /** The child's peak resident set size, all threads included. */
      readonly maxRssMB: number;
      /** Where the result was written (Parquet); the parent compares it (compare.ts). */
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
