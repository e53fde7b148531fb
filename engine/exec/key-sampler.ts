// Names the hot key of a skewed hash partition: counts a sample of the exchange key values as
// they arrive (every STRIDE-th row, at most MAX_SAMPLES), decoding only the sampled rows. Every
// task that reads a shuffle samples, so a single numeric key (the usual join key) is read from its
// typed array directly: Vector.get goes through Arrow's visitor for each row, 7-15 ms for a full
// sample in a warm thread and more in a fresh one, where every task of a many-core run starts.

import { DataType, type RecordBatch, type Vector } from 'apache-arrow';

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
    const numeric = vectors.length === 1 ? numericKey(vectors[0]!) : null;
    let i = this.phase;
    for (; i < batch.numRows && this.sampled < MAX_SAMPLES; i += STRIDE) {
      const key = numeric ? numeric(i) : vectors.map((v) => String(v!.get(i))).join(', ');
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

/** Row i of a one-chunk integer or float column as Vector.get would write it (String of its
 *  number or bigint, 'null' for a null), read from the values array; null for other columns. */
function numericKey(v: Vector): ((i: number) => string) | null {
  if (v.data.length !== 1) return null;
  const d = v.data[0]!;
  const float = DataType.isFloat(d.type);
  if (!DataType.isInt(d.type) && !float) return null;
  // Half floats are stored as uint16 bits: Vector.get converts them.
  if (float && (d.type as { precision: number }).precision === 0) return null;
  // A slice's values array starts at its first row; its validity bitmap is the whole one.
  const values = d.values as ArrayLike<number | bigint>;
  const offset = d.offset;
  const bitmap = d.nullCount > 0 ? d.nullBitmap : null;
  if (!bitmap) return (i) => String(values[i]);
  return (i) => {
    const j = offset + i;
    return (bitmap[j >> 3]! >> (j & 7)) & 1 ? String(values[i]) : 'null';
  };
}
