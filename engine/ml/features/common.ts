// What the feature stages share: their error, building the output batch in the order of the
// node's schema (input columns pass through untouched), and printing doubles as Spark does.

import type { Data, RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../../errors.ts';
import type { Field } from '../../types.ts';
import type { StageContext } from '../stage.ts';
import { columnData, makeBatch } from '../../compute/arrow-types.ts';

/** A NodeExecutionError whose message starts with the kind and the node, as the design asks. */
export function stageError(ctx: StageContext, message: string): NodeExecutionError {
  return new NodeExecutionError(ctx.nodeId, `${ctx.kind}: ${message}`);
}

/**
 * The output batch: every field of ctx.outputSchema in its order, taken from `computed` when the
 * stage made it, else the input column of that name as it is (no copy).
 */
export function outputBatch(ctx: StageContext, batch: RecordBatch, computed: ReadonlyMap<string, Data>, length = batch.numRows): RecordBatch {
  const fields: Field[] = [...ctx.outputSchema.fields];
  const columns = fields.map((f) => computed.get(f.name) ?? columnData(batch, f.name));
  return makeBatch(fields, columns, length);
}

/** Row indices where keep[i] is 1, or null when every row is kept. */
export function keptRows(keep: Uint8Array): Int32Array | null {
  let n = 0;
  for (let i = 0; i < keep.length; i++) n += keep[i]!;
  if (n === keep.length) return null;
  const idx = new Int32Array(n);
  for (let i = 0, k = 0; i < keep.length; i++) if (keep[i]) idx[k++] = i;
  return idx;
}

/** How Spark prints a double (Java's Double.toString): '1.0', '2.5', '1.0E7', '1.0E-4', 'NaN', '-0.0'. */
export function javaDoubleString(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const ax = Math.abs(x);
  if (ax >= 1e-3 && ax < 1e7) {
    const s = String(x);
    return s.includes('.') ? s : `${s}.0`;
  }
  // Scientific: shortest digits d.ddd, exponent without '+'.
  const [mant, exp] = x.toExponential().split('e') as [string, string];
  const m = mant.includes('.') ? mant : `${mant}.0`;
  return `${m}E${Number(exp)}`;
}
