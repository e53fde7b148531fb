// Hash join: the build side's rows are grouped by key (GroupTable, null keys never inserted)
// and chained per key in CSR form; each probe batch looks its keys up without inserting.
// Output columns per CATALOG.md: left columns, then right columns; a key pair with the same name
// on both sides is one column (coalesce(left, right), as SQL USING); semi/anti output the left
// columns only. `unmatched` gives the build rows no probe row matched (right/full joins with the
// preserved side as build), or, for semi/anti joins built on the left, the rows they keep.

import type { RecordBatch } from 'apache-arrow';
import type { JoinNode } from '../../logical/plan.ts';
import type { Schema } from '../../types.ts';
import { columnData, makeBatch } from './arrow-types.ts';
import type { Col, ColType } from './column.ts';
import { colFromData, colToData, concatCols, nullCol, takeCol } from './column.ts';
import { coerce, commonType, isValid, pickRows } from './eval-common.ts';
import { GroupTable } from './group-table.ts';

export interface JoinTable {
  readonly side: 'left' | 'right';
  readonly cols: readonly Col[];
  readonly rows: number;
  readonly keys: GroupTable;
  /** Build rows of group g: order[start[g] .. start[g+1]). */
  readonly start: Int32Array;
  readonly order: Int32Array;
  readonly matched: Uint8Array;
}

class IndexBuffer {
  a = new Int32Array(1024); n = 0;
  push(v: number): void {
    if (this.n === this.a.length) { const b = new Int32Array(this.a.length * 2); b.set(this.a); this.a = b; }
    this.a[this.n++] = v;
  }
  view(): Int32Array { return this.a.subarray(0, this.n); }
}

export function makeJoin(node: JoinNode, leftSchema: Schema, rightSchema: Schema): {
  build(batches: readonly RecordBatch[], side: 'left' | 'right'): JoinTable;
  probe(table: JoinTable, batch: RecordBatch): RecordBatch;
  unmatched(table: JoinTable): RecordBatch[];
} {
  const type = node.type;
  const typeOfCol = (s: Schema, name: string, side: string): ColType => {
    const f = s.fields.find((x) => x.name === name);
    if (!f) throw new Error(`join '${node.nodeId}': key '${name}' is not a column of the ${side} input (columns: ${s.fields.map((x) => x.name).join(', ')})`);
    return f.type;
  };
  const keyTypes = node.on.map((k) => commonType(typeOfCol(leftSchema, k.left, 'left'), typeOfCol(rightSchema, k.right, 'right')));
  const leftKeyIdx = node.on.map((k) => leftSchema.fields.findIndex((f) => f.name === k.left));
  const rightKeyIdx = node.on.map((k) => rightSchema.fields.findIndex((f) => f.name === k.right));
  // Right key columns merged into their same-named left key column.
  const merged = new Map<number, number>();
  node.on.forEach((k, i) => { if (k.left === k.right) merged.set(rightKeyIdx[i]!, leftKeyIdx[i]!); });
  const leftOnly = type === 'semi' || type === 'anti';
  const rightOut = leftOnly ? [] : rightSchema.fields.map((_, i) => i).filter((i) => !merged.has(i));

  const keysOf = (cols: readonly Col[], idx: readonly number[]): Col[] => idx.map((k, i) => coerce(cols[k]!, keyTypes[i]!));

  const assemble = (leftCols: readonly Col[], leftIdx: Int32Array, rightCols: readonly Col[] | null, rightIdx: Int32Array | null): RecordBatch => {
    const n = leftIdx.length;
    const L = leftSchema.fields.map((f, i) => (leftCols.length ? takeCol(leftCols[i]!, leftIdx) : nullCol(f.type, n)));
    const R = rightSchema.fields.map((f, i) => (rightCols && rightIdx ? takeCol(rightCols[i]!, rightIdx) : nullCol(f.type, n)));
    if (!leftOnly) {
      for (const [r, l] of merged) {
        const t = leftSchema.fields[l]!.type;
        const lc = coerce(L[l]!, t); const rc = coerce(R[r]!, t);
        const choice = new Int32Array(n);
        for (let i = 0; i < n; i++) choice[i] = isValid(lc, i) ? 0 : 1;
        L[l] = pickRows(t, [lc, rc], choice);
      }
    }
    const out = [...L, ...rightOut.map((i) => R[i]!)];
    const fields = node.schema.fields;
    return makeBatch(fields, out.map((c, i) => colToData(fields[i] ? coerce(c, fields[i]!.type) : c)), n);
  };

  return {
    build(batches, side) {
      const schema = side === 'left' ? leftSchema : rightSchema;
      const nonEmpty = batches.filter((b) => b.numRows > 0);
      const cols = schema.fields.map((f) => {
        const parts = nonEmpty.map((b) => colFromData(columnData(b, f.name)));
        return parts.length === 0 ? nullCol(f.type, 0) : parts.length === 1 ? parts[0]! : concatCols(parts, f.type);
      });
      const rows = nonEmpty.reduce((s, b) => s + b.numRows, 0);
      const keys = new GroupTable(keyTypes, false);
      const gids = rows ? keys.groupIds(keysOf(cols, side === 'left' ? leftKeyIdx : rightKeyIdx)) : new Int32Array(0);
      const groups = keys.size;
      const start = new Int32Array(groups + 1);
      for (let i = 0; i < rows; i++) { const g = gids[i]!; if (g >= 0) start[g + 1]!++; }
      for (let g = 0; g < groups; g++) start[g + 1]! += start[g]!;
      const fill = start.slice(0, groups);
      const order = new Int32Array(start[groups]!);
      for (let i = 0; i < rows; i++) { const g = gids[i]!; if (g >= 0) order[fill[g]!++] = i; }
      return { side, cols, rows, keys, start, order, matched: new Uint8Array(rows) };
    },

    probe(table, batch) {
      const probeSide = table.side === 'left' ? 'right' : 'left';
      const probeSchema = probeSide === 'left' ? leftSchema : rightSchema;
      const pcols = probeSchema.fields.map((f) => colFromData(columnData(batch, f.name)));
      const n = batch.numRows;
      const gids = n && table.rows ? table.keys.groupIds(keysOf(pcols, probeSide === 'left' ? leftKeyIdx : rightKeyIdx), false) : new Int32Array(n).fill(-1);
      const { start, order, matched } = table;
      if (leftOnly) {
        if (probeSide === 'left') {
          const keep = new IndexBuffer();
          for (let i = 0; i < n; i++) if ((gids[i]! >= 0) === (type === 'semi')) keep.push(i);
          return assemble(pcols, keep.view(), null, null);
        }
        for (let i = 0; i < n; i++) { const g = gids[i]!; if (g >= 0) for (let k = start[g]!; k < start[g + 1]!; k++) matched[order[k]!] = 1; }
        return assemble(table.cols, new Int32Array(0), null, null);
      }
      const keepProbe = type === 'full' || type === probeSide;
      const p = new IndexBuffer(); const b = new IndexBuffer();
      for (let i = 0; i < n; i++) {
        const g = gids[i]!;
        if (g < 0) { if (keepProbe) { p.push(i); b.push(-1); } continue; }
        for (let k = start[g]!; k < start[g + 1]!; k++) { const r = order[k]!; p.push(i); b.push(r); matched[r] = 1; }
      }
      return probeSide === 'left'
        ? assemble(pcols, p.view(), table.cols, b.view())
        : assemble(table.cols, b.view(), pcols, p.view());
    },

    unmatched(table) {
      const { matched, rows } = table;
      const idx = new IndexBuffer();
      if (leftOnly) {
        if (table.side !== 'left') return [];
        for (let i = 0; i < rows; i++) if ((matched[i] === 1) === (type === 'semi')) idx.push(i);
        return idx.n ? [assemble(table.cols, idx.view(), null, null)] : [];
      }
      if (!(type === 'full' || type === table.side)) return [];
      for (let i = 0; i < rows; i++) if (!matched[i]) idx.push(i);
      if (!idx.n) return [];
      const none = new Int32Array(idx.n).fill(-1);
      return table.side === 'left'
        ? [assemble(table.cols, idx.view(), null, none)]
        : [assemble([], none, table.cols, idx.view())];
    },
  };
}
