// Test helpers for the spilling operators: an operator's run over given input batches, with a
// TaskMemory of a small budget over a fresh temporary spill folder.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import type { PhysOp } from '../../../physical/physical-types.ts';
import type { Schema } from '../../../types.ts';
import { OpStats } from '../../instrument.ts';
import { TaskMemory } from '../../memory/task-memory.ts';
import type { OpContext, OpenInput } from '../contract.ts';
import { batchOf, type ColumnSpec } from '../../../compute/batches.test-helper.ts';

/** A read op standing for an input whose batches the test supplies. */
export function inputOp(id: number, schema: Schema): PhysOp {
  return { kind: 'read', id, nodeId: `in${id}`, schema, final: false, fromStage: 0, mode: 'partition' } as PhysOp;
}

/** `open` over fixed batches per input op id. */
export function opener(inputs: Record<number, readonly RecordBatch[]>): OpenInput {
  return (op) => (async function* () { yield* inputs[op.id] ?? []; })();
}

export function context(root: PhysOp, memory?: TaskMemory): OpContext {
  return { partition: 0, splits: {}, inputs: {}, stats: new OpStats(root), rowsIn: 0, ...(memory ? { memory } : {}) };
}

/** A spill folder and a TaskMemory of `budgetBytes` over it. */
export function spillMemory(budgetBytes: number): { memory: TaskMemory; dir: string; files(): string[]; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'trib-spill-'));
  return {
    memory: new TaskMemory(budgetBytes, dir, 'test'), dir,
    files: () => readdirSync(dir),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Columns cut into batches of `size` rows. */
export function batchesOf(specs: readonly ColumnSpec[], size: number): RecordBatch[] {
  const n = specs[0]?.values.length ?? 0;
  const out: RecordBatch[] = [];
  for (let at = 0; at < n; at += size) out.push(batchOf(specs.map((s) => ({ ...s, values: s.values.slice(at, at + size) }))));
  return out;
}

export function schemaOf(specs: readonly ColumnSpec[]): Schema {
  return { fields: specs.map((s) => ({ name: s.name, type: s.type, nullable: true })) };
}

const num = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : Object.is(v, -0) ? 0 : v);

/** Rows sorted by a string of their values (numbers to 6 significant digits: a float that
 *  differs in its last bits sorts the same unless an earlier column already decides). */
function sortedRows(rows: readonly (readonly unknown[])[]): (readonly unknown[])[] {
  const keyed = rows.map((row) => ({ row, key: JSON.stringify(row.map((v) => { const x = num(v); return typeof x === 'number' ? Number(x.toPrecision(6)) : x; })) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.row);
}

/** The same multiset of rows (order ignored; numbers to a relative 1e-9), or the first
 *  difference: for 100k-row results, where diffRows' comparator is too slow. */
export function sameRows(ours: readonly (readonly unknown[])[], theirs: readonly (readonly unknown[])[]): string | null {
  if (ours.length !== theirs.length) return `row count ${ours.length} != ${theirs.length}`;
  const a = sortedRows(ours); const b = sortedRows(theirs);
  for (let i = 0; i < a.length; i++) {
    const r = a[i]!; const t = b[i]!;
    for (let j = 0; j < r.length; j++) {
      const x = num(r[j]); const y = num(t[j]);
      if (typeof x === 'number' && typeof y === 'number' && Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y))) continue;
      if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) return `sorted row ${i} column ${j}: ours ${JSON.stringify(r.map(num))} vs ${JSON.stringify(t.map(num))}`;
    }
  }
  return null;
}
