// Small statistics as a one-row record batch holding JSON text: how a stage's partial result
// travels through an exchange without a schema of its own.

import type { RecordBatch } from 'apache-arrow';
import { makeBatch } from '../exec/kernels/arrow-types.ts';
import { utf8Data } from '../io/arrow-build.ts';

const COLUMN = 'ml_state';
const encoder = new TextEncoder();

/** A one-row batch carrying `value` as JSON (NaN and Infinity become null: encode them yourself). */
export function jsonBatch(value: unknown): RecordBatch {
  const bytes = encoder.encode(JSON.stringify(value));
  const column = utf8Data(Int32Array.of(0, bytes.length), bytes, 1);
  return makeBatch([{ name: COLUMN, type: 'string', nullable: false }], [column], 1);
}

/** The values of batches made by `jsonBatch` (other batches are an error: they are not statistics). */
export function readJsonBatches<T>(batches: readonly RecordBatch[]): T[] {
  const out: T[] = [];
  for (const b of batches) {
    const col = b.getChild(COLUMN);
    if (!col) throw new Error(`expected a statistics batch with column '${COLUMN}', got columns ${b.schema.fields.map((f) => f.name).join(', ')}`);
    for (let i = 0; i < b.numRows; i++) out.push(JSON.parse(String(col.get(i))) as T);
  }
  return out;
}
