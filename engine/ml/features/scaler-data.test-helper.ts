// Test helpers for the scalers (not used by the engine): a vector column with null rows and a
// constant element, and its per-element statistics as DuckDB computes them.
import type { DuckDBConnection } from '@duckdb/node-api';
import { batchOf, rng } from '../../compute/batches.test-helper.ts';
import { loadTable, query } from '../../compute/duckdb.test-helper.ts';
import { withVector } from './stage.test-helper.ts';

const SIZE = 3;
export function data() {
  const r = rng(21);
  const vec = Array.from({ length: 250 }, () => (r() < 0.08 ? null : [r() * 100 - 50, Math.round(r() * 5), 7]));
  const batch = withVector(batchOf([{ name: 'id', type: 'int32', values: vec.map((_, i) => i) }]), 'v', vec, SIZE);
  return { vec, batch };
}

export async function duckStats(conn: DuckDBConnection, vec: (number[] | null)[]) {
  const cols = [0, 1, 2].map((j) => ({ name: `e${j}`, type: 'float64' as const, values: vec.map((v) => (v ? v[j]! : null)) }));
  await loadTable(conn, 't', cols);
  const rows = await query(conn, `select ${[0, 1, 2].map((j) => `avg(e${j}), stddev_samp(e${j}), min(e${j}), max(e${j})`).join(', ')} from t`);
  const r = rows[0]! as number[];
  return [0, 1, 2].map((j) => ({ mean: r[4 * j]!, std: r[4 * j + 1]!, min: r[4 * j + 2]!, max: r[4 * j + 3]! }));
}

