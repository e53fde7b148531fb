// Names the hot key of a skewed hash partition: counts a sample of the exchange key values as
// they arrive (every STRIDE-th row, at most MAX_SAMPLES), decoding only the sampled rows.

import type { RecordBatch } from 'apache-arrow';

const STRIDE = 16;
const MAX_SAMPLES = 20_000;

export interface HotKey {
  readonly column: string; readonly value: string; readonly share: number;
  /** The next most frequent keys (at most two), to name several hot keys. */
  readonly next?: readonly { readonly value: string; readonly share: number }[];
}

export class KeySampler {
  private readonly columns: readonly string[];
  private readonly counts = new Map<string, number>();
  private sampled = 0;
  private phase = 0;

  constructor(columns: readonly string[]) {
    this.columns = columns;
  }

  /** Whether the sample is complete (further batches are not looked at). */
  get full(): boolean {
    return this.sampled >= MAX_SAMPLES;
  }

  add(batch: RecordBatch): void {
    if (this.sampled >= MAX_SAMPLES || this.columns.length === 0) return;
    const vectors = this.columns.map((c) => batch.getChild(c));
    if (vectors.some((v) => v === null)) return;
    let i = this.phase;
    for (; i < batch.numRows && this.sampled < MAX_SAMPLES; i += STRIDE) {
      const key = vectors.map((v) => String(v!.get(i))).join(', ');
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      this.sampled++;
    }
    this.phase = i - batch.numRows;
  }

  top(): HotKey | undefined {
    const best: [string, number][] = [];
    for (const e of this.counts) {
      if (best.length < 3 || e[1] > best[2]![1]) {
        best.push(e);
        best.sort((a, b) => b[1] - a[1]);
        if (best.length > 3) best.pop();
      }
    }
    if (best.length === 0) return undefined;
    const next = best.slice(1).map(([value, n]) => ({ value, share: n / this.sampled }));
    return { column: this.columns.join(', '), value: best[0]![0], share: best[0]![1] / this.sampled, ...(next.length > 0 ? { next } : {}) };
  }
}
