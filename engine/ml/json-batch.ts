// Small statistics as a one-row record batch holding JSON text: how a stage's partial result
// travels through an exchange without a schema of its own.

import type { RecordBatch } from 'apache-arrow';
import { makeBatch } from '../compute/arrow-types.ts';
import { utf8Data } from '../compute/arrow-build.ts';

const COLUMN = 'ml_state';
const encoder = new TextEncoder();

/** Where `value` holds a NaN or an infinity ('state.coefficients[1]'), or undefined. */
function nonFiniteAt(value: unknown, path: string): { path: string; value: number } | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path, value };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) { const at = nonFiniteAt(value[i], `${path}[${i}]`); if (at) return at; }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) { const at = nonFiniteAt(v, path ? `${path}.${k}` : k); if (at) return at; }
  }
  return undefined;
}

/**
 * A one-row batch carrying `value` as JSON. JSON has no NaN or Infinity, and JSON.stringify would
 * write null, which a typed array reads back as 0: a silently different model. So they are refused
 * (a stage encodes them itself, as strings or null, or stops on the data that produced them).
 */
export function jsonBatch(value: unknown): RecordBatch {
  const bad = nonFiniteAt(value, '');
  if (bad) throw new Error(`statistics or a model hold ${String(bad.value)} at ${bad.path || 'the top'}, which JSON cannot carry: the stage must encode it (as a string or null) or refuse the data that produced it`);
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
