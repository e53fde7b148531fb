// Prints the speed suite's preview table (preview-latency.ts): per case the first preview, the
// median and spread of the repeated ones, what the fast path read, against issue 15's 150 ms.

import { PREVIEW_CASES } from './preview-latency.ts';

export type PreviewRow = { readonly size: string; readonly reps: number } & ({ readonly figures: Readonly<Record<string, number>> } | { readonly failure: string });

const TARGET_MS = 150;

/** Returns how many rows failed. */
export function printPreviews(rows: readonly PreviewRow[]): number {
  if (rows.length === 0) return 0;
  console.log(`\nThe studio's preview (node.preview, 1,000 rows, warm StudioService; ms; the target for streaming nodes is ${TARGET_MS} ms):`);
  const head = ['size', 'case', 'first', 'median', 'min', 'max', 'fast path read (source rows)'];
  const body: string[][] = [];
  for (const r of rows) {
    if ('failure' in r) continue;
    for (const c of PREVIEW_CASES) {
      const f = (k: string) => r.figures[`${c.id}.${k}`];
      const ms = (k: string) => (f(k) === undefined ? '-' : f(k)!.toFixed(0));
      const prefix = f('prefixRows');
      body.push([r.size, c.what, ms('firstMs'), ms('medianMs'), ms('minMs'), ms('maxMs'), prefix ? prefix.toLocaleString('en-US') : '-']);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(head));
  for (const b of body) console.log(line(b));
  const failed = rows.filter((r) => 'failure' in r);
  for (const r of failed) console.log(`\npreview ${r.size} FAILED:\n${'failure' in r ? r.failure : ''}`);
  return failed.length;
}
